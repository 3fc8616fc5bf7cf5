// Switches on static website hosting (container `$web`, index `index.html`, error `404.html`).
//
// Why a deployment script: static website hosting is a Blob service *data-plane* property
// (Set Blob Service Properties); Microsoft.Storage/storageAccounts/blobServices has no field for
// it, so plain Bicep cannot enable it. The alternatives were weighed:
//   - the function app enabling it at start-up would need Storage Account Contributor (the
//     permission is Microsoft.Storage/storageAccounts/blobServices/write, a control-plane action
//     that no data role holds), i.e. the long-lived app identity could also list account keys
//     and reconfigure the account. Rejected: the app identity keeps data roles only.
//   - a deployment script runs once per provision under its OWN user-assigned identity, which
//     holds Storage Account Contributor on this account and nothing else, and calls
//     `az storage blob service-properties update --static-website --auth-mode login` (Entra ID;
//     works although the account forbids shared keys). Chosen: no manual step, least privilege
//     for the app, idempotent (setting the same properties twice is harmless).
// Deployment scripts run in Azure Container Instances and need a storage account for their own
// working file share. None is given here, so the service creates a temporary one (with its own
// keys, holding only the script) and deletes it together with the container instance when the
// script succeeds (cleanupPreference OnSuccess). The pipeline's account is never used for it and
// keeps allowSharedKeyAccess false. In a subscription whose Azure Policy denies any storage
// account with shared keys, that temporary account is refused: main.bicep's
// staticWebsiteByScript = 'false' (azd env PIPELINE_STATIC_WEBSITE_BY_SCRIPT=false) skips this
// module, and infra/README.md ("Decisions") gives the one command to run instead.
//
// Creates: the script's identity, its Storage Account Contributor assignment on the account,
// and the Microsoft.Resources/deploymentScripts resource (AzureCLI).

param storageAccountName string
param location string
param tags object
param identityName string

param indexDocument string = 'index.html'
param errorDocument string = '404.html'

@description('Azure CLI image the script runs in.')
param azCliVersion string = '2.67.0'

var storageAccountContributor = '17d1049b-9a84-46fb-8f53-869881c3d3ab'

resource account 'Microsoft.Storage/storageAccounts@2026-06-01' existing = {
  name: storageAccountName
}

resource scriptIdentity 'Microsoft.ManagedIdentity/userAssignedIdentities@2024-11-30' = {
  name: identityName
  location: location
  tags: tags
}

resource scriptAccountContributor 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  scope: account
  name: guid(account.id, scriptIdentity.id, storageAccountContributor)
  properties: {
    principalId: scriptIdentity.properties.principalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', storageAccountContributor)
  }
}

resource enableStaticWebsite 'Microsoft.Resources/deploymentScripts@2023-08-01' = {
  name: 'enable-static-website-${storageAccountName}'
  location: location
  tags: tags
  kind: 'AzureCLI'
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${scriptIdentity.id}': {}
    }
  }
  dependsOn: [
    scriptAccountContributor
  ]
  properties: {
    azCliVersion: azCliVersion
    timeout: 'PT20M'
    retentionInterval: 'PT1H'
    cleanupPreference: 'OnSuccess'
    environmentVariables: [
      { name: 'STORAGE_ACCOUNT', value: account.name }
      { name: 'INDEX_DOCUMENT', value: indexDocument }
      { name: 'ERROR_DOCUMENT', value: errorDocument }
    ]
    scriptContent: loadTextContent('../scripts/enable-static-website.sh')
  }
}

output enabled bool = enableStaticWebsite.properties.outputs.enabled
