// Alerts for what would otherwise be lost without anyone noticing.
//
// Creates: a metric alert on the storage system topic's DeadLetteredCount and DroppedEventCount (a blob event
// Event Grid could not deliver to a trigger after all its retries: kept in `eventgrid-deadletter`, or dropped), and
// a log search alert on Application Insights for the blob triggers' poison messages (an upload, approval or
// withdrawal whose processing kept failing: RecordFailedUpload logs "reached the poison threshold" for each). Both
// severity 1, evaluated every 5 minutes; with `alertEmail`, an action group e-mails that address. The sweep
// (SweepUploads) retries what failed for a transient cause; the alert makes sure a person looks at the rest.

param location string
param tags object
param namePrefix string
param systemTopicName string
param applicationInsightsId string
@description('Who is e-mailed when an alert fires; empty: the alerts show in the portal only.')
param alertEmail string = ''

resource topic 'Microsoft.EventGrid/systemTopics@2025-02-15' existing = {
  name: systemTopicName
}

resource operators 'Microsoft.Insights/actionGroups@2023-01-01' = if (!empty(alertEmail)) {
  name: 'ag-${namePrefix}'
  location: 'global'
  tags: tags
  properties: {
    groupShortName: 'fp-ops'
    enabled: true
    emailReceivers: [
      {
        name: 'operator'
        emailAddress: alertEmail
        useCommonAlertSchema: true
      }
    ]
  }
}

resource deadLettered 'Microsoft.Insights/metricAlerts@2026-01-01' = {
  name: 'alert-deadletter-${namePrefix}'
  location: 'global'
  tags: tags
  properties: {
    description: 'Event Grid dead-lettered or dropped a blob event (uploads, approvals, withdrawals): see the eventgrid-deadletter container and docs/operations.md.'
    severity: 1
    enabled: true
    scopes: [
      topic.id
    ]
    evaluationFrequency: 'PT5M'
    windowSize: 'PT5M'
    criteria: {
      'odata.type': 'Microsoft.Azure.Monitor.MultipleResourceMultipleMetricCriteria'
      allOf: [
        {
          criterionType: 'StaticThresholdCriterion'
          name: 'deadLettered'
          metricNamespace: 'Microsoft.EventGrid/systemTopics'
          metricName: 'DeadLetteredCount'
          operator: 'GreaterThan'
          threshold: 0
          timeAggregation: 'Total'
        }
        {
          criterionType: 'StaticThresholdCriterion'
          name: 'dropped'
          metricNamespace: 'Microsoft.EventGrid/systemTopics'
          metricName: 'DroppedEventCount'
          operator: 'GreaterThan'
          threshold: 0
          timeAggregation: 'Total'
        }
      ]
    }
    actions: empty(alertEmail) ? [] : [
      {
        actionGroupId: operators.id
      }
    ]
  }
}

resource poisoned 'Microsoft.Insights/scheduledQueryRules@2026-03-01' = {
  name: 'alert-poison-${namePrefix}'
  location: location
  tags: tags
  kind: 'LogAlert'
  properties: {
    displayName: 'Blob trigger poison messages'
    description: 'A request reached the blob trigger poison queue (webjobs-blobtrigger-poison): its record says failed; see docs/operations.md.'
    severity: 1
    enabled: true
    scopes: [
      applicationInsightsId
    ]
    evaluationFrequency: 'PT5M'
    windowSize: 'PT5M'
    criteria: {
      allOf: [
        {
          query: 'traces | where message has "reached the poison threshold"'
          timeAggregation: 'Count'
          operator: 'GreaterThan'
          threshold: 0
          failingPeriods: {
            numberOfEvaluationPeriods: 1
            minFailingPeriodsToAlert: 1
          }
        }
      ]
    }
    actions: {
      actionGroups: empty(alertEmail) ? [] : [
        operators.id
      ]
    }
  }
}
