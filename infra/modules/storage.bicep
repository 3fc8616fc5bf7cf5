// Storage account for the pipeline and for the Functions host.
//
// Creates: one StorageV2 account with
//   - containers `uploads` (clerks drop workbooks here), `results` (status records and findings),
//     `previews` (what awaits review: PDF, HTML, draft notice, changes), `approvals` (reviewers'
//     decisions), `withdrawals` (withdrawal requests), `archive` (withdrawn versions moved out of
//     `$web`, never deleted), `registry` (the register of reporting bodies, `fp registry load`), the Flex
//     Consumption deployment container, and `eventgrid-deadletter`
//     (events Event Grid could not deliver, so no upload is silently dropped);
//   - the queue `notifications`: the webhook outbox (one message per event and webhook, delivered
//     by the `DeliverNotification` queue trigger);
//   - every container private, no anonymous blob access, no shared keys (Entra ID only),
//     TLS 1.2 minimum, HTTPS only;
//   - blob versioning, blob soft delete and container soft delete, so nothing a clerk uploads
//     can be lost by an overwrite or a delete.
// - a lifecycle rule that deletes *previous versions* older than `noncurrentVersionDays` in the
//   containers the app rewrites all the time (`$web` index/feed, `results`, `previews`, the host's
//   `azure-webjobs-hosts`), so versioning does not grow the bill without end. `uploads`,
//   `approvals`, `withdrawals` and `archive` are not in it: every version of every upload,
//   decision and withdrawn report is kept (the audit trail of what was published and why).
// - static website hosting (`$web`, index `index.html`, error page `404.html`), set by ARM on
//   the blob service: Microsoft.Storage/storageAccounts/blobServices accepts `staticWebsite` from
//   API version 2025-08-01 (this Bicep rejects it at 2025-06-01). It is a control-plane write made
//   by whoever runs the deployment, so no script, no extra identity and no account key is needed,
//   and the account keeps allowSharedKeyAccess false even where Azure Policy forbids shared keys.
//   Storage creates `$web` when the site is switched on (the publisher also creates it if missing).

@description('Storage account name (3-24 lower-case letters and digits).')
@minLength(3)
@maxLength(24)
param name string

param location string
param tags object

@description('Name of the blob container the Flex Consumption app deploys its package from.')
param deploymentContainerName string

@description('Days each review decision record in `audit` stays immutable (version-level WORM); default 10 years.')
@minValue(1)
@maxValue(146000)
param auditRetentionDays int = 3650

@description('Log Analytics workspace that receives the blob access logs (StorageRead/Write/Delete).')
param logAnalyticsWorkspaceId string

@description('Days that deleted blobs, containers and old versions stay restorable.')
@minValue(1)
@maxValue(365)
param retentionDays int = 30

@description('Days after which previous versions in the rewritten containers are deleted.')
@minValue(1)
param noncurrentVersionDays int = 90

@description('Static website index document, served for the site root and every folder.')
param indexDocument string = 'index.html'

@description('Static website error document, served with status 404 for a path that does not exist.')
param errorDocument404Path string = '404.html'

@description('The webhook outbox queue (NotificationOptions.DefaultQueueName; DeliverNotification listens on it).')
param notificationsQueueName string = 'notifications'

var containerNames = [
  'uploads'
  'results'
  'previews'
  'approvals'
  'withdrawals'
  'archive'
  'registry'
  deploymentContainerName
  'eventgrid-deadletter'
]

resource account 'Microsoft.Storage/storageAccounts@2026-06-01' = {
  name: name
  location: location
  tags: tags
  kind: 'StorageV2'
  sku: {
    name: 'Standard_LRS'
  }
  properties: {
    accessTier: 'Hot'
    allowBlobPublicAccess: false
    allowSharedKeyAccess: false
    defaultToOAuthAuthentication: true
    allowCrossTenantReplication: false
    minimumTlsVersion: 'TLS1_2'
    supportsHttpsTrafficOnly: true
    publicNetworkAccess: 'Enabled'
    networkAcls: {
      defaultAction: 'Allow'
      bypass: 'AzureServices'
    }
    encryption: {
      keySource: 'Microsoft.Storage'
      services: {
        blob: { enabled: true, keyType: 'Account' }
        queue: { enabled: true, keyType: 'Account' }
      }
    }
  }
}

resource blobService 'Microsoft.Storage/storageAccounts/blobServices@2026-06-01' = {
  parent: account
  name: 'default'
  properties: {
    staticWebsite: {
      enabled: true
      indexDocument: indexDocument
      errorDocument404Path: errorDocument404Path
    }
    isVersioningEnabled: true
    deleteRetentionPolicy: {
      enabled: true
      days: retentionDays
    }
    containerDeleteRetentionPolicy: {
      enabled: true
      days: retentionDays
    }
  }
}

resource containers 'Microsoft.Storage/storageAccounts/blobServices/containers@2026-06-01' = [
  for containerName in containerNames: {
    parent: blobService
    name: containerName
    properties: {
      publicAccess: 'None'
    }
  }
]

// The review's decision records (Review.AuditTrail): the app creates each record once (If-None-Match: *); version-level
// immutability (WORM) keeps every version unchangeable and undeletable for auditRetentionDays, whoever holds the keys.
resource audit 'Microsoft.Storage/storageAccounts/blobServices/containers@2026-06-01' = {
  parent: blobService
  name: 'audit'
  properties: {
    publicAccess: 'None'
    immutableStorageWithVersioning: {
      enabled: true
    }
  }
}

resource auditRetention 'Microsoft.Storage/storageAccounts/blobServices/containers/immutabilityPolicies@2026-06-01' = {
  parent: audit
  name: 'default'
  properties: {
    immutabilityPeriodSinceCreationInDays: auditRetentionDays
    allowProtectedAppendWrites: false
  }
}

// Who read, wrote or deleted what (网络安全法 第二十一条: logs kept at least six months): every blob operation to Log Analytics.
// The newest API version of diagnostic settings is a preview; the 2016 one cannot name the setting.
#disable-next-line use-recent-api-versions
resource blobDiagnostics 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = {
  name: 'blob-access-log'
  scope: blobService
  properties: {
    workspaceId: logAnalyticsWorkspaceId
    logs: [
      { category: 'StorageRead', enabled: true }
      { category: 'StorageWrite', enabled: true }
      { category: 'StorageDelete', enabled: true }
    ]
  }
}

resource queueService 'Microsoft.Storage/storageAccounts/queueServices@2026-06-01' = {
  parent: account
  name: 'default'
}

resource notificationsQueue 'Microsoft.Storage/storageAccounts/queueServices/queues@2026-06-01' = {
  parent: queueService
  name: notificationsQueueName
}

resource lifecycle 'Microsoft.Storage/storageAccounts/managementPolicies@2026-06-01' = {
  parent: account
  name: 'default'
  dependsOn: [
    blobService
  ]
  properties: {
    policy: {
      rules: [
        {
          name: 'expire-old-versions-of-rewritten-files'
          enabled: true
          type: 'Lifecycle'
          definition: {
            filters: {
              blobTypes: [
                'blockBlob'
              ]
              prefixMatch: [
                '$web/'
                'results/'
                'previews/'
                'azure-webjobs-hosts/'
              ]
            }
            actions: {
              version: {
                delete: {
                  daysAfterCreationGreaterThan: noncurrentVersionDays
                }
              }
            }
          }
        }
      ]
    }
  }
}

output id string = account.id
output name string = account.name
output blobEndpoint string = account.properties.primaryEndpoints.blob
output queueEndpoint string = account.properties.primaryEndpoints.queue
output webEndpoint string = account.properties.primaryEndpoints.web
output uploadsContainerUrl string = '${account.properties.primaryEndpoints.blob}uploads'
output approvalsContainerUrl string = '${account.properties.primaryEndpoints.blob}approvals'
output withdrawalsContainerUrl string = '${account.properties.primaryEndpoints.blob}withdrawals'
output notificationsQueueName string = notificationsQueue.name
