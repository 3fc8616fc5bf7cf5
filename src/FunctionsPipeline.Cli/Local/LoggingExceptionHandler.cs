using System.Runtime.ExceptionServices;
using Microsoft.Azure.WebJobs.Host.Timers;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace FunctionsPipeline.Cli.Local;

/// <summary>
/// The WebJobs SDK's default handler ends the process when one of its background timers fails, e.g. the
/// singleton-lease renewal while storage is briefly unreachable. Locally that kills <c>fp serve</c> (or a
/// test host) over an outage the trigger recovers from by itself: the listener keeps scanning and failed
/// invocations are retried. So the local host logs such failures and keeps running.
/// </summary>
internal sealed class LoggingExceptionHandler(ILogger logger) : IWebJobsExceptionHandler
{
    public Task OnTimeoutExceptionAsync(ExceptionDispatchInfo exceptionInfo, TimeSpan timeoutGracePeriod)
    {
        logger.LogError(exceptionInfo.SourceException, "A function invocation timed out; the host keeps running");
        return Task.CompletedTask;
    }

    public Task OnUnhandledExceptionAsync(ExceptionDispatchInfo exceptionInfo)
    {
        logger.LogError(exceptionInfo.SourceException, "A WebJobs background task failed; the host keeps running");
        return Task.CompletedTask;
    }
}

/// <summary>Hands the WebJobs SDK a <see cref="LoggingExceptionHandler"/> instead of its process-ending default.</summary>
internal sealed class LoggingExceptionHandlerFactory(ILoggerFactory loggers) : IWebJobsExceptionHandlerFactory
{
    public IWebJobsExceptionHandler Create(IHost jobHost) => new LoggingExceptionHandler(loggers.CreateLogger("FunctionsPipeline.TriggerHost"));
}
