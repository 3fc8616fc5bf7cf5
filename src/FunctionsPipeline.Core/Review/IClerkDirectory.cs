using FunctionsPipeline.Core.Registry;

namespace FunctionsPipeline.Core.Review;

/// <summary>
/// Who files reports for a body (its registered clerks): a reviewer may not decide on a body they file for (separation of
/// duties).
/// </summary>
public interface IClerkDirectory
{
    Task<bool> IsClerkAsync(string body, ReviewerIdentity reviewer, CancellationToken cancellationToken);
}

/// <summary>
/// The clerks of the register of bodies (its 填报人 column: Entra object ids or UPNs), matched against the reviewer's
/// object id or UPN. Without a register nobody is known as a clerk.
/// </summary>
public sealed class RegisteredClerks(IRegisterSource register) : IClerkDirectory
{
    public async Task<bool> IsClerkAsync(string body, ReviewerIdentity reviewer, CancellationToken cancellationToken) =>
        await register.CurrentAsync(cancellationToken) is { } current && current.ByName(body) is { } registered &&
        registered.Clerks.Any(reviewer.IsSamePrincipal);
}
