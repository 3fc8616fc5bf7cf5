// User-assigned managed identity for the function app.
//
// Creates: Microsoft.ManagedIdentity/userAssignedIdentities. A user-assigned identity exists
// before the app does, so its role assignments can be granted before the app first starts, and
// its client id can be written into the identity-based connection settings.

param name string
param location string
param tags object

resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2024-11-30' = {
  name: name
  location: location
  tags: tags
}

output id string = identity.id
output name string = identity.name
output principalId string = identity.properties.principalId
output clientId string = identity.properties.clientId
