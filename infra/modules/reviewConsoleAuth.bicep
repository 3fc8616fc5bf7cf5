// Sign-in for the review console (/api/console/): App Service built-in authentication with Microsoft Entra ID.
//
// The platform validates the reviewer's token before a request reaches the app and passes the verified principal in
// X-MS-CLIENT-PRINCIPAL (stripping any such header a client sends); the console trusts nothing else
// (Core/ReviewConsole/ReviewerSignIn.cs). Chosen over validating JWTs in the app (Microsoft.Identity.Web) because the
// console is pages a person opens in a browser: the platform does the sign-in redirect, the session cookie and the token
// checks with no secret or token code in the app, and the same principal header works for every HTTP trigger.
// Unauthenticated browsers are sent to the sign-in page; the Event Grid webhook (/runtime/webhooks/blobs) stays reachable
// (it authenticates with the blobs extension key instead). Reviewers need the app role `reviewerRole` on the app
// registration (docs/review-and-withdrawal.md says how to create it).

param functionAppName string

@description('Application (client) id of the Entra ID app registration reviewers sign in to.')
param clientId string

resource app 'Microsoft.Web/sites@2025-03-01' existing = {
  name: functionAppName
}

resource auth 'Microsoft.Web/sites/config@2025-03-01' = {
  parent: app
  name: 'authsettingsV2'
  properties: {
    platform: {
      enabled: true
    }
    globalValidation: {
      requireAuthentication: true
      unauthenticatedClientAction: 'RedirectToLoginPage'
      redirectToProvider: 'azureactivedirectory'
      excludedPaths: [
        '/runtime/webhooks/blobs'
      ]
    }
    identityProviders: {
      azureActiveDirectory: {
        enabled: true
        registration: {
          clientId: clientId
          openIdIssuer: '${environment().authentication.loginEndpoint}${tenant().tenantId}/v2.0'
        }
        validation: {
          allowedAudiences: [
            clientId
            'api://${clientId}'
          ]
        }
      }
    }
    login: {
      tokenStore: {
        enabled: false
      }
    }
    httpSettings: {
      requireHttps: true
    }
  }
}
