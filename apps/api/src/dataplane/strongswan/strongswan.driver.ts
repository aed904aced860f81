// The strongSwan driver (VPNAAS_DRIVER=strongswan): routers become network
// namespaces, each router with a VPN service gets its own charon, and every
// connection's status is read back from charon's SAs.
//
// It reconciles: each tick reads what is stored (readRouterPlans), changes the
// namespaces and charon configurations where they differ from what it applied,
// and writes statuses that changed. apply() only makes the next tick come now,
// so a restart (after SIGTERM or kill -9) rebuilds everything from the
// database, and a separate agent process could run the same loop over the
// routers it claims. With replicas on PostgreSQL, one of them runs the data
// plane, the one holding the data-plane lock; the others stand by and take over
// when it stops or loses the database.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import {
  type BeforeApplicationShutdown,
  Inject,
  Injectable,
  type OnApplicationBootstrap,
  type OnModuleInit,
} from '@nestjs/common';
import type { Logger } from 'pino';
import { LOGGER } from '../../common/pino.logger.js';
import { PskSealer } from '../../common/psk-sealer.js';
import { APP_CONFIG, type AppConfig } from '../../config/app-config.js';
import { DatabaseService } from '../../database/database.service.js';
import type { SessionLock } from '../../database/session-lock.js';
import { DataplaneDriver } from '../dataplane.driver.js';
import { type ConnectionPlan, type RouterPlan, readRouterPlans } from '../router-plan.query.js';
import { Charon } from './charon.process.js';
import { Namespaces } from './namespaces.js';
import {
  DataplaneUnavailable,
  kernelEspWorks,
  LIBIPSEC_PLUGIN,
  missingPrerequisite,
} from './prerequisites.js';
import { connectionName, renderSwanctlConf } from './swanctl-conf.render.js';

/** What the driver has applied to one router. */
interface RouterRuntime {
  /** The gateway, subnets and MTU last applied to the namespace. */
  networkKey?: string;
  charon?: Charon;
  /** Hash of the swanctl.conf charon has loaded. */
  loadedHash?: string;
  fingerprints: Map<string, string>;
  /** Connections whose configuration charon refused (or we could not render): ERROR. */
  errors: Map<string, string>;
  /** What charon refused at the last load (the part of `errors` a same configuration keeps). */
  loadFailures: Map<string, string>;
  /** When each connection was last (re)loaded: until the establish timeout it is not DOWN yet. */
  appliedAt: Map<string, number>;
  lastPoll: number;
}

type Status = 'ACTIVE' | 'DOWN' | 'ERROR';

/** A router's connections are polled at least this often when nothing is pending. */
const POLL_EVERY_MS = 3000;
/** Routers worked on at once. */
const PARALLEL_ROUTERS = 8;
/** The advisory lock of the replica that runs the data plane (PostgreSQL). */
const DATA_PLANE_LOCK = BigInt('7212458031880461014');

@Injectable()
export class StrongswanDriver
  extends DataplaneDriver
  implements OnModuleInit, OnApplicationBootstrap, BeforeApplicationShutdown
{
  private readonly namespaces: Namespaces;
  private readonly routers = new Map<string, RouterRuntime>();
  private userspaceEsp = true;
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private again = false;
  private stopped = false;
  private startedUp = false;
  /**
   * Whether this process ran the data plane at its last run (undefined before the first): a change
   * is logged, and a loss stands down once.
   */
  private owner: boolean | undefined;
  private readonly ownership: SessionLock;
  private readonly prefixLength: number;

  constructor(
    private readonly database: DatabaseService,
    private readonly sealer: PskSealer,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {
    super();
    this.namespaces = new Namespaces(config.netnsPrefix);
    this.prefixLength = Number(config.externalCidr.split('/')[1]);
    this.ownership = database.sessionLock(DATA_PLANE_LOCK);
  }

  /** Changes are applied as soon as they are stored. */
  dueTime(): number {
    return Date.now();
  }

  apply(): void {
    this.tick();
  }

  /** Fails start-up, with one line saying what is missing, where the driver cannot work. */
  async onModuleInit(): Promise<void> {
    const missing = await missingPrerequisite();
    if (missing) throw new DataplaneUnavailable(`VPNAAS_DRIVER=strongswan: ${missing}`);
    const socket = join(this.routerDirectory('00000000-0000-0000-0000-000000000000'), 'charon.vici');
    if (socket.length > 100) {
      throw new DataplaneUnavailable(
        `VPNAAS_DRIVER=strongswan: VPNAAS_DATA_DIR is too long for charon's socket path`,
      );
    }
    const kernelEsp = await kernelEspWorks(`${this.config.netnsPrefix}probe-${process.pid}`);
    if (!kernelEsp && !existsSync(LIBIPSEC_PLUGIN)) {
      throw new DataplaneUnavailable(
        'VPNAAS_DRIVER=strongswan: the kernel refuses ESP SAs and the kernel-libipsec plugin is missing (apt-get install libcharon-extra-plugins)',
      );
    }
    this.userspaceEsp = !kernelEsp;
    this.logger.info(
      { esp: kernelEsp ? 'kernel' : 'kernel-libipsec' },
      kernelEsp
        ? 'strongSwan driver: ESP in the kernel (xfrm)'
        : 'strongSwan driver: the kernel refuses ESP SAs; using userspace ESP (kernel-libipsec over a TUN device)',
    );
  }

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => this.tick(), Math.max(this.config.driverIntervalMs, 100));
    this.tick();
  }

  /** Stops the loop and every charon it started; namespaces stay (they are the routers). */
  async beforeApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    await this.running;
    await Promise.all([...this.routers.values()].map((router) => router.charon?.stop()));
    // After the charons: a standby must not bring tunnels up while this one still runs them.
    await this.ownership.release();
    this.logger.info('strongSwan driver: charons stopped');
  }

  /** One run at a time; a call during a run makes another run follow it. */
  tick(): Promise<void> {
    if (this.stopped) return Promise.resolve();
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = this.reconcile()
      .catch((error: unknown) => this.logger.error({ err: error }, 'strongSwan driver failed'))
      .finally(() => {
        this.running = undefined;
        if (this.again && !this.stopped) {
          this.again = false;
          this.tick();
        }
      });
    return this.running;
  }

  private routerDirectory(routerId: string): string {
    return join(this.config.dataDir, 'strongswan', routerId);
  }

  private async reconcile(): Promise<void> {
    if (!(await this.ownership.hold())) {
      if (this.owner !== false) {
        this.logger.info(
          'strongSwan driver: another replica runs the data plane (or the database is out of reach): standing by',
        );
        await this.standDown();
        this.owner = false;
      }
      return;
    }
    if (this.owner !== true) {
      this.logger.info('strongSwan driver: running the data plane');
      this.owner = true;
    }
    const plans = await readRouterPlans(this.database.db, (stored, id) => this.sealer.open(stored, id));
    if (!this.startedUp) {
      await this.removeLeftovers(plans);
      this.startedUp = true;
    }
    for (const routerId of [...this.routers.keys()]) {
      if (!plans.has(routerId)) await this.removeRouter(routerId);
    }
    if (plans.size > 0) await this.namespaces.ensureExternal();
    const queue = [...plans.values()];
    await Promise.all(
      Array.from({ length: Math.min(PARALLEL_ROUTERS, queue.length) }, async () => {
        for (let plan = queue.shift(); plan && !this.stopped; plan = queue.shift()) {
          await this.reconcileRouter(plan).catch((error: unknown) =>
            this.logger.error({ err: error, router_id: plan?.id }, 'router data plane failed'),
          );
        }
      }),
    );
    if (plans.size === 0 && this.namespaces.exists(this.namespaces.external)) {
      await this.namespaces.remove(this.namespaces.external);
    }
  }

  /**
   * Without the data-plane lock nothing of this host's runs: the routers it brought up go, and so do
   * any a killed process left, so that two replicas never run one router's tunnels. Once it holds the
   * lock again it rebuilds them from the database, as after a restart.
   */
  private async standDown(): Promise<void> {
    for (const routerId of [...this.routers.keys()]) await this.removeRouter(routerId);
    await this.removeLeftovers(new Map());
    if (this.namespaces.exists(this.namespaces.external))
      await this.namespaces.remove(this.namespaces.external);
    this.startedUp = false;
  }

  /** After a restart: charons and namespaces of routers that are gone (kill -9 leaves them). */
  private async removeLeftovers(plans: Map<string, RouterPlan>): Promise<void> {
    const root = join(this.config.dataDir, 'strongswan');
    const directories = existsSync(root) ? readdirSync(root) : [];
    for (const routerId of directories) {
      if (plans.has(routerId)) continue;
      const directory = join(root, routerId);
      await new Charon(
        this.namespaces.routerNamespace(routerId),
        directory,
        this.userspaceEsp,
      ).stopLeftover();
      rmSync(directory, { recursive: true, force: true });
    }
    for (const namespace of await this.namespaces.list()) {
      const routerId = this.namespaces.routerIdOf(namespace);
      if (routerId !== undefined && !plans.has(routerId)) {
        this.logger.info({ namespace }, 'removing the namespace of a router that is gone or runs elsewhere');
        await this.namespaces.remove(namespace);
      }
    }
  }

  /** A deleted router: its charon, its namespace and its directory go. */
  private async removeRouter(routerId: string): Promise<void> {
    const runtime = this.routers.get(routerId);
    await runtime?.charon?.stop();
    await this.namespaces.remove(this.namespaces.routerNamespace(routerId));
    rmSync(this.routerDirectory(routerId), { recursive: true, force: true });
    this.routers.delete(routerId);
    this.logger.info({ router_id: routerId }, 'router data plane removed');
  }

  private async reconcileRouter(plan: RouterPlan): Promise<void> {
    let runtime = this.routers.get(plan.id);
    if (!runtime) {
      runtime = {
        fingerprints: new Map(),
        errors: new Map(),
        loadFailures: new Map(),
        appliedAt: new Map(),
        lastPoll: 0,
      };
      this.routers.set(plan.id, runtime);
    }
    await this.applyNetwork(plan, runtime);
    if (plan.services.length === 0) {
      if (runtime.charon) {
        await runtime.charon.stop();
        runtime.charon = undefined;
        this.logger.info({ router_id: plan.id }, 'charon stopped: no VPN service on the router');
      }
      return;
    }
    if (!runtime.charon?.running) {
      const started = await this.startCharon(plan, runtime);
      if (!started) return;
    }
    const reloaded = await this.applyConnections(plan, runtime);
    const busy = plan.connections.some(
      (connection) =>
        connection.status.startsWith('PENDING') ||
        Date.now() - (runtime.appliedAt.get(connection.id) ?? 0) < this.config.establishTimeoutMs,
    );
    const servicesPending = plan.services.some((service) => service.status !== 'ACTIVE');
    if (reloaded || busy || servicesPending || Date.now() - runtime.lastPoll > POLL_EVERY_MS) {
      await this.reportStatus(plan, runtime);
    }
  }

  /** The namespace, its gateway leg and its subnets' bridges, when they changed. */
  private async applyNetwork(plan: RouterPlan, runtime: RouterRuntime): Promise<void> {
    const mtu = Math.min(1500, ...plan.connections.map((connection) => connection.mtu));
    const gateway = `${plan.gatewayIp}/${this.prefixLength}`;
    const key = JSON.stringify([gateway, mtu, plan.subnets]);
    if (runtime.networkKey === key) return;
    await this.namespaces.ensureRouter(plan.id, gateway, mtu);
    await this.namespaces.ensureSubnets(plan.id, plan.subnets);
    runtime.networkKey = key;
    this.logger.info(
      {
        router_id: plan.id,
        namespace: this.namespaces.routerNamespace(plan.id),
        gateway,
        subnets: plan.subnets.length,
      },
      'router namespace ready',
    );
  }

  private async startCharon(plan: RouterPlan, runtime: RouterRuntime): Promise<boolean> {
    if (runtime.charon) this.logger.warn({ router_id: plan.id }, 'charon exited: starting it again');
    const charon = new Charon(
      this.namespaces.routerNamespace(plan.id),
      this.routerDirectory(plan.id),
      this.userspaceEsp,
    );
    runtime.charon = charon;
    runtime.loadedHash = undefined;
    runtime.fingerprints.clear();
    try {
      await charon.start();
      this.logger.info({ router_id: plan.id, pid: charon.pid }, 'charon started');
      return true;
    } catch (error) {
      this.logger.error({ err: error, router_id: plan.id }, 'charon did not start');
      runtime.charon = undefined;
      await this.writeStatuses(
        plan.services.map((service) => ({
          table: 'vpnservices',
          id: service.id,
          from: service.status,
          to: 'ERROR',
        })),
      );
      return false;
    }
  }

  /** Loads the router's swanctl.conf when it changed; changed and removed connections are taken down first. */
  private async applyConnections(plan: RouterPlan, runtime: RouterRuntime): Promise<boolean> {
    const charon = runtime.charon as Charon;
    const rendered = renderSwanctlConf(plan.connections);
    const hash = createHash('sha256').update(rendered.text).digest('hex');
    if (hash === runtime.loadedHash) {
      // The same configuration; connections left out of it (not renderable) may still come and go.
      runtime.errors = new Map([...runtime.loadFailures, ...rendered.errors]);
      return false;
    }
    const changed = plan.connections.filter(
      (connection) =>
        runtime.fingerprints.has(connection.id) &&
        runtime.fingerprints.get(connection.id) !== rendered.fingerprints.get(connection.id),
    );
    const removed = [...runtime.fingerprints.keys()].filter((id) => !rendered.fingerprints.has(id));
    for (const id of [...changed.map((connection) => connection.id), ...removed]) {
      await charon.terminate(connectionName(id));
      runtime.appliedAt.delete(id);
    }
    const result = await charon.load(rendered.text);
    const now = Date.now();
    runtime.loadFailures = new Map();
    for (const connection of plan.connections) {
      const failure = result.error ?? result.failed.get(connectionName(connection.id));
      if (failure && !rendered.errors.has(connection.id)) runtime.loadFailures.set(connection.id, failure);
      if (!runtime.fingerprints.has(connection.id) || changed.includes(connection)) {
        runtime.appliedAt.set(connection.id, now);
      }
    }
    runtime.errors = new Map([...runtime.loadFailures, ...rendered.errors]);
    // A changed connection was taken down: start it again (new ones start on load).
    for (const connection of changed) {
      if (connection.initiator !== 'response-only' && !runtime.errors.has(connection.id)) {
        await charon.initiate(connectionName(connection.id));
      }
    }
    runtime.fingerprints = new Map(rendered.fingerprints);
    runtime.loadedHash = result.error ? undefined : hash;
    this.logger.info(
      {
        router_id: plan.id,
        connections: plan.connections.length,
        changed: changed.length,
        removed: removed.length,
        errors: runtime.errors.size,
      },
      'swanctl configuration loaded',
    );
    return true;
  }

  /** ACTIVE when the CHILD SA is installed; DOWN once the establish timeout has passed without it. */
  private async reportStatus(plan: RouterPlan, runtime: RouterRuntime): Promise<void> {
    const charon = runtime.charon as Charon;
    const sas = await charon.listSas();
    runtime.lastPoll = Date.now();
    const installed = new Set(
      sas.flatMap((ike) =>
        ike.children.filter((child) => child.state === 'INSTALLED').map((child) => child.name),
      ),
    );
    const changes: StatusChange[] = plan.services
      .filter((service) => service.status !== 'ACTIVE')
      .map((service) => ({ table: 'vpnservices', id: service.id, from: service.status, to: 'ACTIVE' }));
    for (const connection of plan.connections) {
      const status = this.connectionStatus(connection, runtime, installed);
      if (status && status !== connection.status) {
        changes.push({
          table: 'ipsec_site_connections',
          id: connection.id,
          from: connection.status,
          to: status,
        });
        const reason =
          status === 'ERROR'
            ? runtime.errors.get(connection.id)
            : status === 'DOWN'
              ? (charon.lastFailure(connectionName(connection.id)) ?? 'no CHILD SA installed')
              : undefined;
        this.logger.info(
          { connection_id: connection.id, router_id: plan.id, status, ...(reason ? { reason } : {}) },
          `connection ${status}`,
        );
      }
    }
    await this.writeStatuses(changes);
  }

  private connectionStatus(
    connection: ConnectionPlan,
    runtime: RouterRuntime,
    installed: ReadonlySet<string>,
  ): Status | undefined {
    if (runtime.errors.has(connection.id)) return 'ERROR';
    if (installed.has(connectionName(connection.id))) return 'ACTIVE';
    const appliedAt = runtime.appliedAt.get(connection.id) ?? 0;
    // Still negotiating: keep the status it has (PENDING_*, or ACTIVE after a restart).
    if (Date.now() - appliedAt < this.config.establishTimeoutMs) return undefined;
    return 'DOWN';
  }

  /** Writes each change only if the row still has the status it was read with (a newer request wins). */
  private async writeStatuses(changes: readonly StatusChange[]): Promise<void> {
    if (changes.length === 0) return;
    // Its own short transaction on Kysely's connection, outside any request's (and any SQLite group commit).
    await this.database.db.transaction().execute(async (trx) => {
      for (const change of changes) {
        await trx
          .updateTable(change.table)
          .set({ status: change.to, pending_until: null })
          .where('id', '=', change.id)
          .where('status', '=', change.from)
          .execute();
      }
    });
  }
}

interface StatusChange {
  readonly table: 'vpnservices' | 'ipsec_site_connections';
  readonly id: string;
  readonly from: string;
  readonly to: Status;
}
