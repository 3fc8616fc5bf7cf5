namespace FunctionsPipeline.Core.Common;

/// <summary>
/// How far a long operation is (<c>fp site rebuild</c> …), reported through <see cref="IProgress{T}"/>: <paramref name="Done"/>
/// of <paramref name="Total"/> items of the current <paramref name="Stage"/> (e.g. "bodies", "catalogues"). Reports may come
/// from several threads at once; a stage starts with Done = 0 and ends with Done = Total.
/// </summary>
public readonly record struct WorkProgress(string Stage, int Done, int Total);
