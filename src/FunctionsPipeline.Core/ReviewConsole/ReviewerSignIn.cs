using System.Text;
using System.Text.Json;
using FunctionsPipeline.Core.Review;
using Microsoft.Extensions.Options;

namespace FunctionsPipeline.Core.ReviewConsole;

/// <summary>Who a console request comes from, or why it has no usable identity (a <see cref="ReviewCodes"/> code and a Chinese message).</summary>
public sealed record SignInResult(ReviewerIdentity? Reviewer, string? Code, string? Message)
{
    public static SignInResult Refused(string code, string message) => new(null, code, message);
}

/// <summary>
/// The console's identity, never from the request body. In Azure: the principal App Service authentication (Microsoft
/// Entra ID) validated and put in <c>X-MS-CLIENT-PRINCIPAL</c>; the platform removes that header from incoming requests
/// only while authentication is on, so it is trusted only where the platform says so (<c>WEBSITE_AUTH_ENABLED</c>).
/// Locally: a fixed development identity, unverified, for loopback requests only; any principal header is then forged.
/// </summary>
public sealed class ReviewerSignIn
{
    public const string PrincipalHeader = "X-MS-CLIENT-PRINCIPAL";
    public const string PrincipalIdHeader = "X-MS-CLIENT-PRINCIPAL-ID";

    private const string ObjectIdClaim = "http://schemas.microsoft.com/identity/claims/objectidentifier";
    private const string UpnClaim = "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/upn";

    private readonly ReviewOptions _options;
    private readonly Func<bool> _platformAuthentication;

    public ReviewerSignIn(IOptions<ReviewOptions> options)
        : this(options, () => string.Equals(Environment.GetEnvironmentVariable("WEBSITE_AUTH_ENABLED"), "True", StringComparison.OrdinalIgnoreCase))
    {
    }

    /// <param name="platformAuthentication">Whether the platform's authentication runs in front of the app (tests pass it).</param>
    public ReviewerSignIn(IOptions<ReviewOptions> options, Func<bool> platformAuthentication)
    {
        _options = options.Value;
        _platformAuthentication = platformAuthentication;
    }

    public bool IsDevelopment => _options.IdentityMode == ReviewIdentityMode.Development;

    public SignInResult Resolve(ConsoleRequest request)
    {
        var principal = request.Header(PrincipalHeader);
        if (IsDevelopment)
        {
            if (principal is not null || request.Header(PrincipalIdHeader) is not null)
            {
                return SignInResult.Refused(ReviewCodes.IdentityForged, "请求带有身份标头，但本地开发模式下没有身份认证平台：该标头为伪造，请求被拒绝。");
            }
            if (!request.FromLoopback)
            {
                return SignInResult.Refused(ReviewCodes.IdentityMissing, "本地开发身份只能在本机（回环地址）使用；其他来源的请求须经统一身份认证登录。");
            }
            var name = _options.DevelopmentReviewer;
            return new SignInResult(new ReviewerIdentity(name, null, null, false, ReviewerIdentity.DevelopmentSource), null, null);
        }
        if (!_platformAuthentication())
        {
            return SignInResult.Refused(ReviewCodes.IdentityMissing, "审核台未启用统一身份认证（App Service 身份验证），无法确认审核人身份，请联系管理员。");
        }
        if (principal is null)
        {
            return SignInResult.Refused(ReviewCodes.IdentityMissing, "未登录：请通过统一身份认证（Microsoft Entra ID）登录后再审核。");
        }
        if (Parse(principal) is not { } claims)
        {
            return SignInResult.Refused(ReviewCodes.IdentityForged, "身份标头无法解析，请求被拒绝。");
        }
        var objectId = First(claims.Claims, ObjectIdClaim, "oid");
        if (objectId is null || (request.Header(PrincipalIdHeader) is { } id && !string.Equals(id, objectId, StringComparison.OrdinalIgnoreCase)))
        {
            return SignInResult.Refused(ReviewCodes.IdentityForged, "身份标头与登录身份不一致，请求被拒绝。");
        }
        var upn = First(claims.Claims, "preferred_username", UpnClaim, "upn");
        var display = First(claims.Claims, "name") ?? upn ?? objectId;
        var roles = claims.Claims.Where(c => c.Typ == claims.RoleType || c.Typ is "roles" or "groups").Select(c => c.Val);
        var reviewer = new ReviewerIdentity(display, objectId, upn, true, ReviewerIdentity.EntraSource);
        if (!roles.Contains(_options.ReviewerRole, StringComparer.OrdinalIgnoreCase))
        {
            return new SignInResult(reviewer, ReviewCodes.NotReviewer, $"{display} 没有审核人角色（{_options.ReviewerRole}），不能作出审核决定。");
        }
        return new SignInResult(reviewer, null, null);
    }

    private sealed record Claim(string Typ, string Val);

    private sealed record Principal(IReadOnlyList<Claim> Claims, string RoleType);

    private static Principal? Parse(string header)
    {
        try
        {
            using var document = JsonDocument.Parse(Encoding.UTF8.GetString(Convert.FromBase64String(header)));
            var root = document.RootElement;
            var roleType = root.TryGetProperty("role_typ", out var r) && r.ValueKind == JsonValueKind.String ? r.GetString()! : "roles";
            if (!root.TryGetProperty("claims", out var claims) || claims.ValueKind != JsonValueKind.Array) return null;
            var list = new List<Claim>();
            foreach (var claim in claims.EnumerateArray())
            {
                if (claim.TryGetProperty("typ", out var typ) && claim.TryGetProperty("val", out var val) &&
                    typ.ValueKind == JsonValueKind.String && val.ValueKind == JsonValueKind.String)
                {
                    list.Add(new Claim(typ.GetString()!, val.GetString()!));
                }
            }
            return new Principal(list, roleType);
        }
        catch (Exception ex) when (ex is FormatException or JsonException or DecoderFallbackException)
        {
            return null;
        }
    }

    private static string? First(IReadOnlyList<Claim> claims, params string[] types) =>
        types.Select(t => claims.FirstOrDefault(c => c.Typ == t)?.Val).FirstOrDefault(v => !string.IsNullOrWhiteSpace(v));
}
