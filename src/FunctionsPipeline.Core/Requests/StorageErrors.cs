using Azure;

namespace FunctionsPipeline.Core.Requests;

/// <summary>The one answer, for the pipeline and both hosts, to "is storage unavailable (so try again later)?".</summary>
public static class StorageErrors
{
    /// <summary>
    /// The code of a <c>failed</c> record written because storage kept failing (the trigger gave up): a transient cause, so
    /// the sweep processes that version again. A failure with an incident id (a defect) has none and is not retried.
    /// </summary>
    public const string GaveUpCode = "STORAGE_UNAVAILABLE";

    /// <summary>
    /// Storage trouble (or our own cancellation) is retried; everything else is final. A cancellation counts only when
    /// <paramref name="cancellationToken"/> asked for it or a timeout caused it.
    /// </summary>
    public static bool IsUnavailable(Exception ex, CancellationToken cancellationToken = default) => ex switch
    {
        OperationCanceledException => cancellationToken.IsCancellationRequested || ex.InnerException is TimeoutException,
        RequestFailedException or HttpRequestException or TimeoutException => true,
        AggregateException aggregate => aggregate.InnerExceptions.Any(e => IsUnavailable(e, cancellationToken)),
        _ => ex.InnerException is RequestFailedException or HttpRequestException,
    };

    /// <summary>The first line of the error, for a one-line console message.</summary>
    public static string Summary(Exception ex) => ex.Message.Split('\n')[0];
}
