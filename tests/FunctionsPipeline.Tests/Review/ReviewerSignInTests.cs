using System.Text;
using FunctionsPipeline.Core.Review;
using FunctionsPipeline.Core.ReviewConsole;
using Microsoft.Extensions.Options;

namespace FunctionsPipeline.Tests.Review;

/// <summary>Where the console's reviewer comes from: the platform-validated principal in Azure, the loopback development identity locally.</summary>
public sealed class ReviewerSignInTests
{
    private const string Oid = "0f3c5a1e-7d9b-4c1a-9e2f-3b4d5c6a7e8f";

    private static ReviewerSignIn Azure(bool platformAuthentication = true) =>
        new(Options.Create(new ReviewOptions { Identity = ReviewIdentityMode.AppServiceAuthentication }), () => platformAuthentication);

    private static ReviewerSignIn Local() => new(Options.Create(new ReviewOptions { Identity = ReviewIdentityMode.Development }), () => false);

    private static ConsoleRequest Request(bool loopback = true, params (string Name, string Value)[] headers) =>
        new("GET", "", "/api/console/", "https://fp.example", new Dictionary<string, string>(), new Dictionary<string, string>(),
            headers.ToDictionary(h => h.Name, h => h.Value, StringComparer.OrdinalIgnoreCase), loopback);

    private static string Principal(params (string Typ, string Val)[] claims) => Convert.ToBase64String(Encoding.UTF8.GetBytes(
        $$"""{"auth_typ":"aad","name_typ":"name","role_typ":"roles","claims":[{{string.Join(",", claims.Select(c => $$"""{"typ":"{{c.Typ}}","val":"{{c.Val}}"}"""))}}]}"""));

    [Fact]
    public void In_Azure_the_reviewer_is_the_principal_the_platform_validated()
    {
        var result = Azure().Resolve(Request(false, (ReviewerSignIn.PrincipalHeader,
            Principal(("http://schemas.microsoft.com/identity/claims/objectidentifier", Oid), ("preferred_username", "wang@county.gov.cn"), ("name", "王审核"), ("roles", "Reviewer"))),
            (ReviewerSignIn.PrincipalIdHeader, Oid)));

        Assert.Null(result.Code);
        Assert.Equal(new ReviewerIdentity("王审核", Oid, "wang@county.gov.cn", true, ReviewerIdentity.EntraSource), result.Reviewer);
    }

    [Fact]
    public void A_principal_without_the_reviewer_role_may_not_decide()
    {
        var result = Azure().Resolve(Request(false, (ReviewerSignIn.PrincipalHeader, Principal(("oid", Oid), ("name", "张填报"), ("roles", "Clerk")))));

        Assert.Equal(ReviewCodes.NotReviewer, result.Code);
    }

    [Fact]
    public void Principal_headers_are_not_trusted_where_the_platform_does_not_authenticate()
    {
        var result = Azure(platformAuthentication: false).Resolve(Request(false, (ReviewerSignIn.PrincipalHeader, Principal(("oid", Oid), ("roles", "Reviewer")))));

        Assert.Equal(ReviewCodes.IdentityMissing, result.Code);
        Assert.Null(result.Reviewer);
    }

    [Theory]
    [InlineData("not base64 at all")]
    [InlineData("eyJjbGFpbXMiOjF9")] // {"claims":1}
    public void An_unreadable_principal_is_refused_as_forged(string header)
    {
        Assert.Equal(ReviewCodes.IdentityForged, Azure().Resolve(Request(false, (ReviewerSignIn.PrincipalHeader, header))).Code);
    }

    [Fact]
    public void A_principal_id_header_that_disagrees_with_the_principal_is_refused_as_forged()
    {
        var result = Azure().Resolve(Request(false, (ReviewerSignIn.PrincipalHeader, Principal(("oid", Oid), ("roles", "Reviewer"))),
            (ReviewerSignIn.PrincipalIdHeader, "someone-else")));

        Assert.Equal(ReviewCodes.IdentityForged, result.Code);
    }

    [Fact]
    public void Not_signed_in_is_refused()
    {
        Assert.Equal(ReviewCodes.IdentityMissing, Azure().Resolve(Request(false)).Code);
    }

    [Fact]
    public void The_development_identity_is_unverified_and_works_on_loopback_only()
    {
        var local = Local().Resolve(Request());
        Assert.Equal((false, ReviewerIdentity.DevelopmentSource), (local.Reviewer!.Verified, local.Reviewer.Source));

        Assert.Equal(ReviewCodes.IdentityMissing, Local().Resolve(Request(loopback: false)).Code);
        Assert.Equal(ReviewCodes.IdentityForged, Local().Resolve(Request(true, (ReviewerSignIn.PrincipalHeader, Principal(("oid", Oid))))).Code);
    }
}
