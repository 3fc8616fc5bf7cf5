using FunctionsPipeline.Core.Pipeline;

namespace FunctionsPipeline.Core.Uploads;

/// <summary>
/// Sees each upload move through the stages as it happens and its outcome recorded (<c>fp demo</c> prints it).
/// Optional: register any number; they must be quick and must not throw.
/// </summary>
public interface IPipelineObserver : IStageObserver
{
    void Finished(UploadStatus status);
}
