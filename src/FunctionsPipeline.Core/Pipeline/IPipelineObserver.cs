using FunctionsPipeline.Core.Uploads;

namespace FunctionsPipeline.Core.Pipeline;

/// <summary>
/// Sees each upload move through the stages as it happens (<c>fp demo</c> prints it). Optional: register
/// any number; they must be quick and must not throw.
/// </summary>
public interface IPipelineObserver
{
    void StageCompleted(string upload, string stage, TimeSpan elapsed);

    void Finished(UploadStatus status);
}
