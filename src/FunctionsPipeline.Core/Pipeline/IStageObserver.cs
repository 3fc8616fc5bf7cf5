namespace FunctionsPipeline.Core.Pipeline;

/// <summary>Sees each stage of a run end as it happens (<see cref="StageClock"/> tells it). Must be quick and must not throw.</summary>
public interface IStageObserver
{
    void StageCompleted(string upload, string stage, TimeSpan elapsed);
}
