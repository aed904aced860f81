// A gophercloud (Debian's golang-github-gophercloud-gophercloud-dev) client of
// vpnaas: password authentication from the usual OS_* variables, the network
// endpoint from the catalog, then an IKE policy created and the VPN
// connections and IKE policies listed. Prints one JSON line; exits 1 on failure.
package main

import (
	"encoding/json"
	"fmt"
	"os"

	"github.com/gophercloud/gophercloud"
	"github.com/gophercloud/gophercloud/openstack"
	"github.com/gophercloud/gophercloud/openstack/networking/v2/extensions/vpnaas/ikepolicies"
	"github.com/gophercloud/gophercloud/openstack/networking/v2/extensions/vpnaas/siteconnections"
)

func fail(step string, err error) {
	fmt.Fprintf(os.Stderr, "%s: %v\n", step, err)
	os.Exit(1)
}

func main() {
	options, err := openstack.AuthOptionsFromEnv()
	if err != nil {
		fail("options", err)
	}
	provider, err := openstack.AuthenticatedClient(options)
	if err != nil {
		fail("authenticate", err)
	}
	network, err := openstack.NewNetworkV2(provider, gophercloud.EndpointOpts{Region: os.Getenv("OS_REGION_NAME")})
	if err != nil {
		fail("network endpoint", err)
	}
	created, err := ikepolicies.Create(network, ikepolicies.CreateOpts{Name: "go-ike"}).Extract()
	if err != nil {
		fail("create ike policy", err)
	}
	pages, err := siteconnections.List(network, siteconnections.ListOpts{}).AllPages()
	if err != nil {
		fail("list connections", err)
	}
	connections, err := siteconnections.ExtractConnections(pages)
	if err != nil {
		fail("extract connections", err)
	}
	policyPages, err := ikepolicies.List(network, ikepolicies.ListOpts{}).AllPages()
	if err != nil {
		fail("list ike policies", err)
	}
	policies, err := ikepolicies.ExtractPolicies(policyPages)
	if err != nil {
		fail("extract ike policies", err)
	}
	names := []string{}
	for _, connection := range connections {
		names = append(names, connection.Name)
	}
	policyNames := []string{}
	for _, policy := range policies {
		policyNames = append(policyNames, policy.Name)
	}
	out, _ := json.Marshal(map[string]interface{}{
		"endpoint":    network.ResourceBaseURL(),
		"project":     created.ProjectID,
		"connections": names,
		"ikepolicies": policyNames,
	})
	fmt.Println(string(out))
}
