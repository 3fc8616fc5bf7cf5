// FunctionsPipeline on Azure, deployed by `azd up` (azure.yaml at the repository root).
//
// Creates, in resource group rg-<environmentName>:
//   - modules/storage.bicep        storage account: uploads, results, previews, approvals,
//                                  withdrawals, archive, deployment package, Event Grid dead
//                                  letters, queue notifications; no shared keys, no public access,
//                                  TLS 1.2, HTTPS only, versioning + soft delete; static
//                                  website ($web, index.html, 404.html) set on blobServices
//   - modules/monitoring.bicep     Log Analytics + Application Insights (Entra ID ingestion only)
//   - modules/identity.bicep       the function app's user-assigned identity
//   - modules/roles.bicep          that identity's data roles (and the deploying user's and the
//                                  reviewer's, each on single containers)
//   - modules/keyVault.bicep       Key Vault with the webhook list as a secret, read by the app's
//                                  identity (Key Vault Secrets User) through a Key Vault reference
//   - modules/functionApp.bicep    Flex Consumption (FC1) app, dotnet-isolated 10.0; not on the
//                                  second provision of `azd up` (codeDeployed, see below)
//   - modules/eventGridTopic.bicep storage system topic (with dead-letter identity)
//   - modules/alerts.bicep         alerts: dead-lettered/dropped events, blob trigger poison messages
//   - modules/blobsExtensionKey.bicep      the host key the Event Grid webhooks authenticate with
//   - modules/eventGridSubscription.bicep  one per blob trigger: BlobCreated on uploads/ ->
//                                  ProcessUpload, approvals/ -> ProcessApproval, withdrawals/ ->
//                                  ProcessWithdrawal; only once the code is deployed
//                                  (codeDeployed, see that module)
// Outputs: the public site URL, the uploads container URL and the function app name (azd
// stores them in .azure/<env>/.env).

targetScope = 'subscription'

@minLength(1)
@maxLength(40)
@description('Name of the azd environment; names the resource group and seeds unique resource names.')
param environmentName string

// Regions that offer the Flex Consumption plan (the list Microsoft's Flex Consumption azd samples
// allow, without the canary region eastus2euap). Flex Consumption and its dotnet-isolated 10.0
// runtime are rolled out region by region, so re-check before adding or relying on one:
//   az functionapp list-flexconsumption-locations --output table
//   az functionapp list-flexconsumption-runtimes --location <region> --runtime dotnet-isolated
// (infra/README.md, "Regions").
@minLength(1)
@description('Azure region for every resource; one where Flex Consumption offers dotnet-isolated 10.0.')
@allowed([
  'australiaeast'
  'australiasoutheast'
  'brazilsouth'
  'canadacentral'
  'centralindia'
  'centralus'
  'eastasia'
  'eastus'
  'eastus2'
  'francecentral'
  'germanywestcentral'
  'italynorth'
  'japaneast'
  'koreacentral'
  'northcentralus'
  'northeurope'
  'norwayeast'
  'southafricanorth'
  'southcentralus'
  'southeastasia'
  'southindia'
  'spaincentral'
  'swedencentral'
  'uaenorth'
  'uksouth'
  'ukwest'
  'westcentralus'
  'westeurope'
  'westus'
  'westus2'
  'westus3'
])
@metadata({
  azd: {
    type: 'location'
  }
})
param location string

@description('Object id of the deploying user, given upload rights on `uploads`; azd passes AZURE_PRINCIPAL_ID. Empty to skip.')
param principalId string = ''

@description('\'true\' once the function code is deployed; gates the Event Grid subscription (see modules/eventGridSubscription.bicep).')
@allowed([
  'true'
  'false'
])
param codeDeployed string = 'false'

@secure()
@description('Value for the function host\'s blobs_extension system key; azd generates it once per environment.')
@metadata({
  azd: {
    type: 'generate'
    config: {
      length: 48
      noSpecial: true
    }
  }
})
param blobsExtensionKey string

@description('Name of the blob-triggered function the Event Grid subscription on `uploads` delivers to.')
param functionName string = 'ProcessUpload'

@description('Object id of the reviewer (user or Entra ID group) who approves, rejects and withdraws reports; azd passes PIPELINE_REVIEWER_PRINCIPAL_ID. Empty for none.')
param reviewerPrincipalId string = ''

@description('Pipeline:Publication of the app: Automatic (valid uploads are published at once) or ReviewRequired (preview, then approval).')
@allowed([
  'Automatic'
  'ReviewRequired'
])
param publication string = 'ReviewRequired'

@description('Application (client) id of the Entra ID app registration reviewers sign in to the review console with (App Service authentication); azd passes PIPELINE_REVIEWER_APP_CLIENT_ID. Empty: no sign-in, and the console refuses every request.')
param reviewerAppClientId string = ''

@description('The app role (on that registration) a signed-in user needs to decide in the review console.')
param reviewerRole string = 'Reviewer'

@description('Days each review decision record stays immutable in the `audit` container (version-level WORM); default 10 years.')
param auditRetentionDays int = 3650

// Separation of duties: whoever deploys (and so can upload and administer) is not also the reviewer.
var reviewerPrincipal = !empty(reviewerPrincipalId) && reviewerPrincipalId == deployer().objectId
  ? fail('reviewerPrincipalId is the deploying principal: the reviewer must be someone other than the person who deploys and uploads (separation of duties).')
  : reviewerPrincipalId

@secure()
@description('Webhooks for upload events (Notifications:WebhookList): entries `format|url|secret|name` separated by spaces; azd passes PIPELINE_NOTIFICATION_WEBHOOKS. Empty for none.')
param notificationWebhooks string = ''

// Every blob trigger of the app and the container that feeds it (one Event Grid subscription each).
@description('E-mail address alerted when Event Grid dead-letters an event or a blob trigger gives up (modules/alerts.bicep); empty: portal only.')
param alertEmail string = ''

var blobTriggers = [
  {
    containerName: 'uploads'
    functionName: functionName
  }
  {
    containerName: 'approvals'
    functionName: 'ProcessApproval'
  }
  {
    containerName: 'withdrawals'
    functionName: 'ProcessWithdrawal'
  }
]

var tags = {
  'azd-env-name': environmentName
}
var token = toLower(uniqueString(subscription().id, environmentName, location))
var functionAppName = 'func-pipeline-${token}'
var deploymentContainerName = 'app-package-${take(token, 7)}'

resource rg 'Microsoft.Resources/resourceGroups@2025-04-01' = {
  name: 'rg-${environmentName}'
  location: location
  tags: tags
}

module storage 'modules/storage.bicep' = {
  scope: rg
  params: {
    name: 'stpipe${take(token, 18)}'
    location: location
    tags: tags
    deploymentContainerName: deploymentContainerName
    auditRetentionDays: auditRetentionDays
    logAnalyticsWorkspaceId: monitoring.outputs.workspaceId
  }
}

module monitoring 'modules/monitoring.bicep' = {
  scope: rg
  params: {
    logAnalyticsName: 'log-${token}'
    applicationInsightsName: 'appi-${token}'
    location: location
    tags: tags
  }
}

module appIdentity 'modules/identity.bicep' = {
  scope: rg
  params: {
    name: 'id-func-pipeline-${token}'
    location: location
    tags: tags
  }
}

module roles 'modules/roles.bicep' = {
  scope: rg
  params: {
    storageAccountName: storage.outputs.name
    applicationInsightsName: monitoring.outputs.applicationInsightsName
    appPrincipalId: appIdentity.outputs.principalId
    userPrincipalId: principalId
    reviewerPrincipalId: reviewerPrincipal
  }
}

module keyVault 'modules/keyVault.bicep' = {
  scope: rg
  params: {
    name: 'kv-${take(token, 21)}'
    location: location
    tags: tags
    notificationWebhooks: notificationWebhooks
    appPrincipalId: appIdentity.outputs.principalId
  }
}

// Not on the second provision of `azd up` (codeDeployed 'true'): that pass only adds the host key and
// the Event Grid subscriptions. Re-PUTting the site there restarts the Flex host right before the key
// is written through it, and a restarting host answers that write with 5xx (docs/deploy.md, "Why the
// second provision leaves the app alone"). azure.yaml sets PIPELINE_CODE_DEPLOYED back to false after
// `up`, so a later `azd provision` applies the app's settings again.
module functionApp 'modules/functionApp.bicep' = if (codeDeployed != 'true') {
  scope: rg
  dependsOn: [
    // The host must be able to reach its storage on first start.
    roles
  ]
  params: {
    planName: 'plan-${token}'
    appName: functionAppName
    location: location
    tags: tags
    identityId: appIdentity.outputs.id
    identityClientId: appIdentity.outputs.clientId
    storageAccountName: storage.outputs.name
    blobEndpoint: storage.outputs.blobEndpoint
    queueEndpoint: storage.outputs.queueEndpoint
    siteBaseUrl: storage.outputs.webEndpoint
    deploymentContainerName: deploymentContainerName
    applicationInsightsConnectionString: monitoring.outputs.connectionString
    publication: publication
    notificationWebhooksReference: empty(notificationWebhooks) ? '' : keyVault.outputs.webhooksReference
    reviewerRole: reviewerRole
  }
}

// With the app's settings (the same pass): the console's sign-in, when an app registration is given.
module reviewConsoleAuth 'modules/reviewConsoleAuth.bicep' = if (!empty(reviewerAppClientId) && codeDeployed != 'true') {
  scope: rg
  dependsOn: [
    functionApp
  ]
  params: {
    functionAppName: functionAppName
    clientId: reviewerAppClientId
  }
}

module eventGridTopic 'modules/eventGridTopic.bicep' = {
  scope: rg
  params: {
    name: 'evgt-uploads-${token}'
    location: location
    tags: tags
    storageAccountName: storage.outputs.name
  }
}

// Dead-lettered events and poison messages alert a person (the sweeps retry what failed for a transient cause).
module alerts 'modules/alerts.bicep' = {
  scope: rg
  params: {
    location: location
    tags: tags
    namePrefix: token
    systemTopicName: eventGridTopic.outputs.name
    applicationInsightsId: monitoring.outputs.applicationInsightsId
    alertEmail: alertEmail
  }
}

module hostKey 'modules/blobsExtensionKey.bicep' = if (codeDeployed == 'true') {
  scope: rg
  params: {
    // The app is not redeployed in this pass (functionApp above): the key is written through a host
    // that is running the deployed code, not one restarting after a site update.
    functionAppName: functionAppName
    blobsExtensionKey: blobsExtensionKey
  }
}

// One after the other (batchSize 1): each creation makes Event Grid validate the endpoint
// against the same function host.
@batchSize(1)
module eventGridSubscription 'modules/eventGridSubscription.bicep' = [
  for trigger in blobTriggers: if (codeDeployed == 'true') {
    scope: rg
    name: 'eventGridSubscription-${trigger.containerName}'
    dependsOn: [
      hostKey
    ]
    params: {
      functionAppName: functionAppName
      functionName: trigger.functionName
      containerName: trigger.containerName
      systemTopicName: eventGridTopic.outputs.name
      storageAccountName: storage.outputs.name
      blobsExtensionKey: blobsExtensionKey
    }
  }
]

output AZURE_LOCATION string = location
output AZURE_TENANT_ID string = tenant().tenantId
output AZURE_RESOURCE_GROUP string = rg.name
output AZURE_STORAGE_ACCOUNT_NAME string = storage.outputs.name
output AZURE_FUNCTION_APP_NAME string = functionAppName
@description('Public site (static website endpoint).')
output SITE_URL string = storage.outputs.webEndpoint
@description('Where clerks drop workbooks.')
output UPLOADS_CONTAINER_URL string = storage.outputs.uploadsContainerUrl
@description('Where reviewers write approval decisions.')
output APPROVALS_CONTAINER_URL string = storage.outputs.approvalsContainerUrl
@description('Where reviewers write withdrawal requests.')
output WITHDRAWALS_CONTAINER_URL string = storage.outputs.withdrawalsContainerUrl
