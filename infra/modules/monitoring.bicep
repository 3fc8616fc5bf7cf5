// Log Analytics workspace and workspace-based Application Insights for the function app.
//
// Creates: Microsoft.OperationalInsights/workspaces and Microsoft.Insights/components, both with
// local authentication disabled: the workspace takes no shared-key ingestion or queries (only
// Entra ID), and Application Insights accepts telemetry only from Entra ID principals holding
// Monitoring Metrics Publisher (granted in modules/roles.bicep).

param logAnalyticsName string
param applicationInsightsName string
param location string
param tags object

@description('Days Log Analytics keeps logs (storage access logs included); at least 180 (网络安全法 第二十一条: six months).')
@minValue(180)
param retentionInDays int = 365

resource workspace 'Microsoft.OperationalInsights/workspaces@2026-03-01' = {
  name: logAnalyticsName
  location: location
  tags: tags
  properties: {
    sku: {
      name: 'PerGB2018'
    }
    retentionInDays: retentionInDays
    features: {
      disableLocalAuth: true
    }
  }
}

resource appInsights 'Microsoft.Insights/components@2020-02-02' = {
  name: applicationInsightsName
  location: location
  tags: tags
  kind: 'web'
  properties: {
    Application_Type: 'web'
    WorkspaceResourceId: workspace.id
    DisableLocalAuth: true
  }
}

output workspaceId string = workspace.id
output applicationInsightsId string = appInsights.id
output applicationInsightsName string = appInsights.name
// Not a secret: with DisableLocalAuth the key in it cannot ingest without an Entra ID token.
output connectionString string = appInsights.properties.ConnectionString
