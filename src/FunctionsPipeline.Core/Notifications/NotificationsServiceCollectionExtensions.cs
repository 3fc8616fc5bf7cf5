using Azure.Storage.Queues;
using FunctionsPipeline.Core.Pipeline;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using FunctionsPipeline.Core.Requests;

namespace FunctionsPipeline.Core.Notifications;

public static class NotificationsServiceCollectionExtensions
{
    /// <summary>
    /// <see cref="NotificationOptions"/> (section <c>Notifications</c>), the outbox queue on the <c>PipelineStorage</c>
    /// account (a QueueServiceClient registered before wins), the <see cref="INotifier"/> the upload lifecycle calls and
    /// the <see cref="NotificationDelivery"/> the hosts' queue triggers call. Nothing here fails the app's start: a
    /// webhook without a usable URL is skipped with an error in the log.
    /// </summary>
    public static IServiceCollection AddNotifications(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<NotificationOptions>()
            .Bind(configuration.GetSection(NotificationOptions.SectionName))
            .PostConfigure(o => o.Webhooks.AddRange(NotificationOptions.ParseList(o.WebhookList)));
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(_ => PipelineStorage.CreateQueueServiceClient(configuration));
        services.TryAddSingleton(sp => new NotificationQueue(
            () => sp.GetRequiredService<QueueServiceClient>(), sp.GetRequiredService<IOptions<NotificationOptions>>()));
        services.TryAddSingleton<INotifier, QueueNotifier>();
        services.TryAddSingleton<NotificationDelivery>();
        return services;
    }
}
