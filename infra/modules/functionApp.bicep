// The pipeline's function app on the Flex Consumption plan.
//
// Creates: a Flex Consumption plan (SKU FC1) and a Linux function app running dotnet-isolated
// 10.0 (src/FunctionsPipeline.Functions, deployed by `azd deploy`, matched through the
// `azd-service-name` tag). The app runs as the user-assigned identity from modules/identity.bicep
// and every connection is identity-based: no connection strings, no account keys, no SAS.
//
// App settings the code can rely on (the function project must use these names):
//   AzureWebJobsStorage__accountName      host storage (leases, keys, blob receipts, poison queue)
//   AzureWebJobsStorage__credential       'managedidentity'
//   AzureWebJobsStorage__clientId         client id of the app's user-assigned identity
//   PipelineStorage__blobServiceUri       connection `PipelineStorage` used by the blob trigger
//   PipelineStorage__queueServiceUri        on `uploads` and by the pipeline (results, $web)
//   PipelineStorage__credential           'managedidentity'
//   PipelineStorage__clientId             client id of the app's user-assigned identity
//   Publishing__SiteBaseUrl               public site root (static website endpoint), for links
//   Publishing__ContainerPublicAccess     'None' (PublishingOptions; the account forbids public access)
//   Pipeline__Publication                 'ReviewRequired' (default) or 'Automatic' (param publication)
//   Review__Identity/ReviewerRole/AllowBlobDecisions  the console trusts App Service authentication only; blob decisions refused
//   Notifications__WebhookList            webhooks, one line (NotificationOptions.WebhookList): a Key
//                                         Vault reference to the secret of modules/keyVault.bicep
//                                         (param notificationWebhooksReference; empty: no notifications),
//                                         resolved with the app's identity (keyVaultReferenceIdentity)
//   APPLICATIONINSIGHTS_CONNECTION_STRING     telemetry target (no secret: local auth is off)
//   APPLICATIONINSIGHTS_AUTHENTICATION_STRING 'ClientId=<client id>;Authorization=AAD'
// Flex Consumption rejects FUNCTIONS_WORKER_RUNTIME / FUNCTIONS_EXTENSION_VERSION settings; the
// runtime is set in functionAppConfig.runtime instead.

param planName string
param appName string
param location string
param tags object

@description('Resource id of the user-assigned identity the app runs as.')
param identityId string

@description('Client id of that identity, for the identity-based connection settings.')
param identityClientId string

param storageAccountName string
param blobEndpoint string
param queueEndpoint string
param siteBaseUrl string

@description('Container (on the same account) that Flex Consumption deploys the package from.')
param deploymentContainerName string

param applicationInsightsConnectionString string

@description('Pipeline:Publication: Automatic (publish valid uploads at once) or ReviewRequired (preview, then approval).')
@allowed([
  'Automatic'
  'ReviewRequired'
])
param publication string = 'ReviewRequired'

@description('Review:ReviewerRole: the app role a signed-in reviewer needs in the review console.')
param reviewerRole string = 'Reviewer'

@description('Notifications:WebhookList as a Key Vault reference (@Microsoft.KeyVault(...)), never the list itself; empty for none.')
param notificationWebhooksReference string = ''

@description('Upper bound of Flex Consumption instances; keeps a runaway burst affordable.')
@minValue(1)
@maxValue(1000)
param maximumInstanceCount int = 40

@allowed([512, 2048, 4096])
param instanceMemoryMB int = 2048

resource plan 'Microsoft.Web/serverfarms@2025-03-01' = {
  name: planName
  location: location
  tags: tags
  kind: 'functionapp'
  sku: {
    name: 'FC1'
    tier: 'FlexConsumption'
  }
  properties: {
    reserved: true
  }
}

resource app 'Microsoft.Web/sites@2025-03-01' = {
  name: appName
  location: location
  tags: union(tags, { 'azd-service-name': 'functions' })
  kind: 'functionapp,linux'
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${identityId}': {}
    }
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    // Key Vault references (the webhook list) are read with the app's own identity.
    keyVaultReferenceIdentity: identityId
    siteConfig: {
      minTlsVersion: '1.2'
      scmMinTlsVersion: '1.2'
      ftpsState: 'Disabled'
      appSettings: [
        { name: 'AzureWebJobsStorage__accountName', value: storageAccountName }
        { name: 'AzureWebJobsStorage__credential', value: 'managedidentity' }
        { name: 'AzureWebJobsStorage__clientId', value: identityClientId }
        { name: 'PipelineStorage__blobServiceUri', value: blobEndpoint }
        { name: 'PipelineStorage__queueServiceUri', value: queueEndpoint }
        { name: 'PipelineStorage__credential', value: 'managedidentity' }
        { name: 'PipelineStorage__clientId', value: identityClientId }
        { name: 'Publishing__SiteBaseUrl', value: siteBaseUrl }
        // $web exists (static website) and the account forbids public containers: never ask for one.
        { name: 'Publishing__ContainerPublicAccess', value: 'None' }
        { name: 'Pipeline__Publication', value: publication }
        // The review console trusts only App Service authentication's principal; blob decisions (unverified) are refused.
        { name: 'Review__Identity', value: 'AppServiceAuthentication' }
        { name: 'Review__ReviewerRole', value: reviewerRole }
        { name: 'Review__AllowBlobDecisions', value: 'false' }
        // Webhook URLs and secrets live in Key Vault; the setting only names the secret.
        { name: 'Notifications__WebhookList', value: notificationWebhooksReference }
        { name: 'APPLICATIONINSIGHTS_CONNECTION_STRING', value: applicationInsightsConnectionString }
        { name: 'APPLICATIONINSIGHTS_AUTHENTICATION_STRING', value: 'ClientId=${identityClientId};Authorization=AAD' }
      ]
    }
    functionAppConfig: {
      deployment: {
        storage: {
          type: 'blobContainer'
          value: '${blobEndpoint}${deploymentContainerName}'
          authentication: {
            type: 'UserAssignedIdentity'
            userAssignedIdentityResourceId: identityId
          }
        }
      }
      scaleAndConcurrency: {
        maximumInstanceCount: maximumInstanceCount
        instanceMemoryMB: instanceMemoryMB
      }
      runtime: {
        name: 'dotnet-isolated'
        version: '10.0'
      }
    }
  }
}

// Deployments go through Entra ID (azd uses OneDeploy with a token); no publishing passwords.
resource scmBasicAuth 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2025-03-01' = {
  parent: app
  name: 'scm'
  properties: {
    allow: false
  }
}

resource ftpBasicAuth 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2025-03-01' = {
  parent: app
  name: 'ftp'
  properties: {
    allow: false
  }
}

output name string = app.name
output defaultHostName string = app.properties.defaultHostName
