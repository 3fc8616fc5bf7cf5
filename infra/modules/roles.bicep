// Role assignments: each principal gets only the data roles it needs, on the narrowest scope.
//
// Creates (Microsoft.Authorization/roleAssignments):
//   function app identity  Storage Blob Data Owner        storage account  host storage (leases,
//                                                                          keys, receipts) + read
//                                                                          uploads, write results/$web
//   function app identity  Storage Queue Data Contributor storage account  the blob trigger's
//                                                                          internal queues (poison)
//   function app identity  Storage Table Data Contributor storage account  the host's diagnostic
//                                                                          events table (as in
//                                                                          Microsoft's Flex samples)
//   function app identity  Monitoring Metrics Publisher   App Insights     telemetry with Entra ID
//   deploying user (opt.)  Storage Blob Data Contributor  `uploads`        drop workbooks with
//                                                                          --auth-mode login
//   deploying user (opt.)  Storage Blob Data Reader       `results`        read status records
//   reviewer (opt.)        Storage Blob Data Contributor  `approvals`      approve / reject a preview
//   reviewer (opt.)        Storage Blob Data Contributor  `withdrawals`    withdraw a published report
//   reviewer (opt.)        Storage Blob Data Reader       `previews`       see what they approve
//   reviewer (opt.)        Storage Blob Data Reader       `results`        see outcomes (fp approve waits on them)
// The reviewer (a user or, better, an Entra ID group; parameter reviewerPrincipalId) can write
// nothing else: not `uploads`, not `$web`, not `previews`. Withdrawal is theirs too because taking
// a report down is the same 公开前审查 responsibility as letting it up (infra/README.md, "Roles").
// The app identity's account-wide roles already cover the new containers and the `notifications`
// queue (Storage Queue Data Contributor), so it gets nothing new.
// The Event Grid system topic gets its own single assignment in modules/eventGridTopic.bicep.
// No identity gets Storage Account Contributor: the static website is set by ARM during the
// deployment (modules/storage.bicep), and the blob trigger's Event Grid source never changes the
// account's service properties (only the polling source enables analytics logging); see
// infra/README.md, "Roles".

param storageAccountName string
param applicationInsightsName string

@description('Principal id of the function app\'s user-assigned identity.')
param appPrincipalId string

@description('Object id of the deploying user (azd sets AZURE_PRINCIPAL_ID); empty to skip.')
param userPrincipalId string = ''

@description('Object id of the reviewer (user or group) who approves, rejects and withdraws; empty for none.')
param reviewerPrincipalId string = ''

// Built-in role definition ids (same in every tenant).
var roles = {
  storageBlobDataOwner: 'b7e6dc6d-f1e8-4753-8033-0f276bb0955b'
  storageBlobDataContributor: 'ba92f5b4-2d11-453d-a403-e96b0029c9fe'
  storageBlobDataReader: '2a2b9908-6ea1-4ae2-8e65-a410df84e7d1'
  storageQueueDataContributor: '974c5e8b-45b9-4653-ba55-5f855dd0fb88'
  storageTableDataContributor: '0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3'
  monitoringMetricsPublisher: '3913510d-42f4-4e42-8a64-420c390055eb'
}

resource account 'Microsoft.Storage/storageAccounts@2026-06-01' existing = {
  name: storageAccountName
}

resource blobService 'Microsoft.Storage/storageAccounts/blobServices@2026-06-01' existing = {
  parent: account
  name: 'default'
}

resource uploads 'Microsoft.Storage/storageAccounts/blobServices/containers@2026-06-01' existing = {
  parent: blobService
  name: 'uploads'
}

resource results 'Microsoft.Storage/storageAccounts/blobServices/containers@2026-06-01' existing = {
  parent: blobService
  name: 'results'
}

resource previews 'Microsoft.Storage/storageAccounts/blobServices/containers@2026-06-01' existing = {
  parent: blobService
  name: 'previews'
}

resource approvals 'Microsoft.Storage/storageAccounts/blobServices/containers@2026-06-01' existing = {
  parent: blobService
  name: 'approvals'
}

resource withdrawals 'Microsoft.Storage/storageAccounts/blobServices/containers@2026-06-01' existing = {
  parent: blobService
  name: 'withdrawals'
}

resource appInsights 'Microsoft.Insights/components@2020-02-02' existing = {
  name: applicationInsightsName
}

resource appBlobOwner 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  scope: account
  name: guid(account.id, appPrincipalId, roles.storageBlobDataOwner)
  properties: {
    principalId: appPrincipalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.storageBlobDataOwner)
  }
}

resource appQueueContributor 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  scope: account
  name: guid(account.id, appPrincipalId, roles.storageQueueDataContributor)
  properties: {
    principalId: appPrincipalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.storageQueueDataContributor)
  }
}

// The host writes diagnostic events to a table in AzureWebJobsStorage; without this role it logs
// a 403 (AuthorizationPermissionMismatch) every few minutes (azure-functions-host#10995).
resource appTableContributor 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  scope: account
  name: guid(account.id, appPrincipalId, roles.storageTableDataContributor)
  properties: {
    principalId: appPrincipalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.storageTableDataContributor)
  }
}

resource appMetricsPublisher 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  scope: appInsights
  name: guid(appInsights.id, appPrincipalId, roles.monitoringMetricsPublisher)
  properties: {
    principalId: appPrincipalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.monitoringMetricsPublisher)
  }
}

resource userUploads 'Microsoft.Authorization/roleAssignments@2022-04-01' = if (!empty(userPrincipalId)) {
  scope: uploads
  name: guid(uploads.id, userPrincipalId, roles.storageBlobDataContributor)
  properties: {
    principalId: userPrincipalId
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.storageBlobDataContributor)
  }
}

resource userResults 'Microsoft.Authorization/roleAssignments@2022-04-01' = if (!empty(userPrincipalId)) {
  scope: results
  name: guid(results.id, userPrincipalId, roles.storageBlobDataReader)
  properties: {
    principalId: userPrincipalId
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.storageBlobDataReader)
  }
}

resource reviewerApprovals 'Microsoft.Authorization/roleAssignments@2022-04-01' = if (!empty(reviewerPrincipalId)) {
  scope: approvals
  name: guid(approvals.id, reviewerPrincipalId, roles.storageBlobDataContributor)
  properties: {
    principalId: reviewerPrincipalId
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.storageBlobDataContributor)
  }
}

resource reviewerWithdrawals 'Microsoft.Authorization/roleAssignments@2022-04-01' = if (!empty(reviewerPrincipalId)) {
  scope: withdrawals
  name: guid(withdrawals.id, reviewerPrincipalId, roles.storageBlobDataContributor)
  properties: {
    principalId: reviewerPrincipalId
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.storageBlobDataContributor)
  }
}

resource reviewerPreviews 'Microsoft.Authorization/roleAssignments@2022-04-01' = if (!empty(reviewerPrincipalId)) {
  scope: previews
  name: guid(previews.id, reviewerPrincipalId, roles.storageBlobDataReader)
  properties: {
    principalId: reviewerPrincipalId
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.storageBlobDataReader)
  }
}

// Skipped when the reviewer is the deploying user, who has this very assignment already (same name).
resource reviewerResults 'Microsoft.Authorization/roleAssignments@2022-04-01' = if (!empty(reviewerPrincipalId) && reviewerPrincipalId != userPrincipalId) {
  scope: results
  name: guid(results.id, reviewerPrincipalId, roles.storageBlobDataReader)
  properties: {
    principalId: reviewerPrincipalId
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.storageBlobDataReader)
  }
}
