namespace FunctionsPipeline.Core.Pipeline;

/// <summary>How long one stage took.</summary>
public sealed record StageTiming(string Stage, double Milliseconds);
