namespace FunctionsPipeline.Core.Publishing;

/// <summary>
/// Called before each write of a publication with the step's name (<see cref="PublishSteps"/>).
/// Production registers none; tests use it to crash between steps and check that a retry
/// leaves no duplicate or dangling entry.
/// </summary>
public interface IPublishFaults
{
    Task BeforeStepAsync(string step, CancellationToken cancellationToken);
}
