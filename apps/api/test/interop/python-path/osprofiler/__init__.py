# On PYTHONPATH for the real OpenStack clients only (test/support/client-env.ts): hides Debian's
# python3-osprofiler, which only the Keystone server (python3-keystone) installs, so that the clients
# run as on a machine that has them alone. keystoneauth, neutronclient and osc-lib import it when present.
raise ImportError("osprofiler is hidden from the clients: only the Keystone server installs it")
