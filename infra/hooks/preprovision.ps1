# azd `preprovision` hook on Windows: the same check as preprovision.sh (read its header). Stops
# `azd provision` / `azd up` before anything is created when the chosen region's Flex Consumption
# plan does not offer dotnet-isolated 10.0; goes on with a note when the check cannot be made.
$location = $env:AZURE_LOCATION
if (-not $location) {
    Write-Host "preprovision: AZURE_LOCATION is not set; skipping the .NET 10 on Flex Consumption check."
    exit 0
}
if (-not (Get-Command az -ErrorAction SilentlyContinue)) {
    Write-Host "preprovision: the Azure CLI (az) is not installed; cannot check that $location offers .NET 10 on Flex Consumption (docs/deploy.md)."
    exit 0
}
$versions = az functionapp list-flexconsumption-runtimes --location $location --runtime dotnet-isolated --query "[].version" --output tsv 2>&1
if ($LASTEXITCODE -ne 0) {
    Write-Host "preprovision: could not ask Azure which runtimes $location offers (az login?): $versions"
    exit 0
}
if (@($versions | ForEach-Object { "$_".Trim() }) -contains '10.0') {
    Write-Host "preprovision: $location offers dotnet-isolated 10.0 on Flex Consumption."
    exit 0
}
[Console]::Error.WriteLine("preprovision: region $location does not offer .NET 10 (dotnet-isolated 10.0) on the Flex Consumption plan")
[Console]::Error.WriteLine("  (offered there: $($versions -join ' ')). Nothing was created. Choose another region:")
[Console]::Error.WriteLine("  az functionapp list-flexconsumption-locations --output table")
[Console]::Error.WriteLine("  az functionapp list-flexconsumption-runtimes --location <region> --runtime dotnet-isolated --output table")
[Console]::Error.WriteLine("  azd env set AZURE_LOCATION <region>   and run azd up again.")
exit 1
