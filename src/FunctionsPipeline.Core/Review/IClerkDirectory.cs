namespace FunctionsPipeline.Core.Review;

/// <summary>
/// Who files reports for a body (its registered clerks): a reviewer may not decide on a body they file for (separation of
/// duties). Without a register of bodies nobody is known as a clerk (<see cref="NoClerks"/>).
/// </summary>
public interface IClerkDirectory
{
    Task<bool> IsClerkAsync(string body, ReviewerIdentity reviewer, CancellationToken cancellationToken);
}

/// <summary>No register: no reviewer is known to be a body's clerk.</summary>
public sealed class NoClerks : IClerkDirectory
{
    public Task<bool> IsClerkAsync(string body, ReviewerIdentity reviewer, CancellationToken cancellationToken) => Task.FromResult(false);
}
