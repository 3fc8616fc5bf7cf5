#!/bin/sh
# azd `preprovision` hook (azure.yaml): stops `azd provision` / `azd up` before anything is created
# when the chosen region's Flex Consumption plan does not offer dotnet-isolated 10.0, the runtime
# modules/functionApp.bicep asks for. Flex Consumption and its runtimes are rolled out region by
# region, and a region in main.bicep's allowed list may not have .NET 10 yet: without this check
# the deployment fails half way, after the storage account and the identity exist.
#
# Asks: az functionapp list-flexconsumption-runtimes --location <AZURE_LOCATION> --runtime dotnet-isolated
# Exit 1 with a message naming the region when 10.0 is not in the answer; exit 0 when it is. When
# the check cannot be made (no AZURE_LOCATION yet, no Azure CLI, not signed in to it) it says so
# and lets azd go on: the region list in main.bicep still applies.
set -u

location="${AZURE_LOCATION:-}"
if [ -z "$location" ]; then
  echo "preprovision: AZURE_LOCATION is not set; skipping the .NET 10 on Flex Consumption check."
  exit 0
fi
if ! command -v az >/dev/null 2>&1; then
  echo "preprovision: the Azure CLI (az) is not installed; cannot check that $location offers .NET 10 on Flex Consumption (docs/deploy.md)."
  exit 0
fi
if ! versions=$(az functionapp list-flexconsumption-runtimes --location "$location" --runtime dotnet-isolated --query "[].version" --output tsv 2>&1); then
  echo "preprovision: could not ask Azure which runtimes $location offers (az login?): $versions"
  exit 0
fi
if printf '%s\n' "$versions" | tr -d '\r' | grep -qx '10.0'; then
  echo "preprovision: $location offers dotnet-isolated 10.0 on Flex Consumption."
  exit 0
fi
echo "preprovision: region $location does not offer .NET 10 (dotnet-isolated 10.0) on the Flex Consumption plan" >&2
echo "  (offered there: $(printf '%s ' $versions)). Nothing was created. Choose another region:" >&2
echo "  az functionapp list-flexconsumption-locations --output table" >&2
echo "  az functionapp list-flexconsumption-runtimes --location <region> --runtime dotnet-isolated --output table" >&2
echo "  azd env set AZURE_LOCATION <region>   and run azd up again." >&2
exit 1
