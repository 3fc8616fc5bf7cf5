using FunctionsPipeline.Core.Ledger;
using Microsoft.Azure.Functions.Worker;

namespace FunctionsPipeline.Functions;

/// <summary>Glue: every morning at 08:00 China Standard Time (00:00 UTC), the register's reminders (<see cref="Reminders"/>; nothing without a register).</summary>
public sealed class SendReminders(Reminders reminders)
{
    public const string Schedule = "0 0 0 * * *";

    [Function(nameof(SendReminders))]
    public Task RunAsync([TimerTrigger(Schedule)] TimerInfo timer, FunctionContext context) => reminders.RunAsync(context.CancellationToken);
}
