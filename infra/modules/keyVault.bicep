// The Key Vault that holds the pipeline's secrets: the webhook list (URLs with keys, signing secrets).
//
// Creates: a Key Vault (RBAC authorization, no access policies, soft delete 7 days), the secret
// `notification-webhooks` (param notificationWebhooks; only when it is not empty) and the role
// assignment Key Vault Secrets User for the function app's user-assigned identity on this vault.
// The app setting Notifications__WebhookList is then a Key Vault reference
// (@Microsoft.KeyVault(VaultName=…;SecretName=notification-webhooks), output webhooksReference)
// resolved by the platform with that identity (keyVaultReferenceIdentity in modules/functionApp.bicep),
// so the webhooks are never a plain app setting, and rotating one is a new secret version.
// Public network access stays on: a Flex Consumption app without a virtual network reaches the
// vault over its public endpoint, authenticated with Entra ID. No purge protection, so `azd down
// --purge` can remove the environment; the soft-deleted vault keeps its name 7 days.

param name string
param location string
param tags object

@secure()
@description('Notifications:WebhookList (entries `format|url|secret|name`); empty: no secret is written.')
param notificationWebhooks string = ''

@description('Principal id of the function app\'s user-assigned identity, which reads the secrets.')
param appPrincipalId string

var keyVaultSecretsUser = '4633458b-17de-408a-b874-0445c86b69e6'
var webhooksSecretName = 'notification-webhooks'

resource vault 'Microsoft.KeyVault/vaults@2026-05-15' = {
  name: name
  location: location
  tags: tags
  properties: {
    tenantId: subscription().tenantId
    sku: {
      family: 'A'
      name: 'standard'
    }
    enableRbacAuthorization: true
    enableSoftDelete: true
    softDeleteRetentionInDays: 7
    publicNetworkAccess: 'Enabled'
  }
}

resource webhooks 'Microsoft.KeyVault/vaults/secrets@2026-05-15' = if (!empty(notificationWebhooks)) {
  parent: vault
  name: webhooksSecretName
  properties: {
    value: notificationWebhooks
    contentType: 'text/plain'
  }
}

resource appReadsSecrets 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  scope: vault
  name: guid(vault.id, appPrincipalId, keyVaultSecretsUser)
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', keyVaultSecretsUser)
    principalId: appPrincipalId
    principalType: 'ServicePrincipal'
  }
}

output name string = vault.name
@description('The app setting value that makes the platform read the webhook list from this vault.')
output webhooksReference string = '@Microsoft.KeyVault(VaultName=${vault.name};SecretName=${webhooksSecretName})'
