// Event Grid system topic for the storage account's blob events.
//
// Creates: Microsoft.EventGrid/systemTopics (topic type Microsoft.Storage.StorageAccounts) with a
// system-assigned identity, and one role assignment for that identity: Storage Blob Data
// Contributor on the `eventgrid-deadletter` container only, so events that cannot be delivered
// to the function after all retries are kept there (never silently dropped) without any key.
// The subscriptions (one per blob trigger) are in modules/eventGridSubscription.bicep (they need
// deployed code).

param name string
param location string
param tags object
param storageAccountName string

var storageBlobDataContributor = 'ba92f5b4-2d11-453d-a403-e96b0029c9fe'

resource account 'Microsoft.Storage/storageAccounts@2026-06-01' existing = {
  name: storageAccountName
}

resource blobService 'Microsoft.Storage/storageAccounts/blobServices@2026-06-01' existing = {
  parent: account
  name: 'default'
}

resource deadLetterContainer 'Microsoft.Storage/storageAccounts/blobServices/containers@2026-06-01' existing = {
  parent: blobService
  name: 'eventgrid-deadletter'
}

resource topic 'Microsoft.EventGrid/systemTopics@2025-02-15' = {
  name: name
  location: location
  tags: tags
  identity: {
    type: 'SystemAssigned'
  }
  properties: {
    source: account.id
    topicType: 'Microsoft.Storage.StorageAccounts'
  }
}

resource topicDeadLetterWriter 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  scope: deadLetterContainer
  name: guid(deadLetterContainer.id, topic.id, storageBlobDataContributor)
  properties: {
    principalId: topic.identity.principalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', storageBlobDataContributor)
  }
}

output name string = topic.name
