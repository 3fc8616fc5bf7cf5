using FunctionsPipeline.Core.Summary;
using FunctionsPipeline.Core.ReviewConsole;
using FunctionsPipeline.Core.Pipeline;
using FunctionsPipeline.Core.Notifications;
using FunctionsPipeline.Core.Publishing;
using FunctionsPipeline.Core.Rendering.Pdf;
using FunctionsPipeline.Core.Review;
using FunctionsPipeline.Core.Uploads;
using FunctionsPipeline.Core.Validation;
using FunctionsPipeline.Core.Withdrawals;
using FunctionsPipeline.Core.Workbook;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using FunctionsPipeline.Core.Requests;
using FunctionsPipeline.Core.Approvals;
using FunctionsPipeline.Core.Registry;
using FunctionsPipeline.Core.Ledger;

namespace FunctionsPipeline.Core.Hosting;

public static class PipelineServiceCollectionExtensions
{
    /// <summary>
    /// Registers the whole pipeline from one configuration: each stage's own registration — <c>AddWorkbook</c>
    /// (section <c>Workbook</c>), <c>AddValidation</c> (<c>Validation</c>), <c>AddPdfRendering</c> (<c>Fonts</c>),
    /// <c>AddPublishing</c> (<c>Publishing</c>), <c>AddNotifications</c> (<c>Notifications</c>) — plus <see cref="PipelineOptions"/> (<c>Pipeline</c>), the storage client
    /// from the <c>PipelineStorage</c> connection (see <see cref="PipelineStorage"/>; a BlobServiceClient registered
    /// before wins), the stages (<see cref="ReportPipeline"/>) and the upload lifecycle (<see cref="UploadLifecycle"/>,
    /// also the <see cref="IUploadProcessor"/> the hosts call), the review gate (<see cref="ApprovalProcessor"/>) and the withdrawals (<see cref="WithdrawalProcessor"/>).
    /// </summary>
    public static IServiceCollection AddPipeline(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<PipelineOptions>()
            .Bind(configuration.GetSection(PipelineOptions.SectionName))
            .Validate(o => o.MaxUploadBytes > 0, "Pipeline:MaxUploadBytes must be positive.")
            .Validate(o => o.AllowedExtensionSet.Count > 0, "Pipeline:AllowedExtensions must name at least one extension.")
            .Validate(o => o.UploadsContainer.Length > 0 && o.ResultsContainer.Length > 0 && o.PreviewsContainer.Length > 0 && o.ApprovalsContainer.Length > 0,
                "Pipeline container names must not be empty.")
            .ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(_ => PipelineStorage.CreateBlobServiceClient(configuration));
        services.AddWorkbook(configuration);
        services.AddValidation(configuration);
        services.AddPdfRendering(configuration);
        services.AddPublishing(configuration);
        services.AddRegistry(configuration);
        services.TryAddSingleton<LedgerStore>();
        services.TryAddSingleton<ILedger>(sp => sp.GetRequiredService<LedgerStore>());
        services.TryAddSingleton<Reminders>();
        // The site keeps withdrawn files in the pipeline's archive container (Pipeline:ArchiveContainer).
        services.AddOptions<PublishingOptions>().Configure<IOptions<PipelineOptions>>((site, pipeline) => site.ArchiveContainer = pipeline.Value.ArchiveContainer);
        services.AddNotifications(configuration);
        services.AddOptions<ReviewOptions>().Bind(configuration.GetSection(ReviewOptions.SectionName));
        services.TryAddSingleton<AuditTrail>();
        services.TryAddSingleton<IClerkDirectory, RegisteredClerks>();
        services.TryAddSingleton<ReviewerSignIn>();
        services.TryAddSingleton<ReviewConsoleApp>();
        services.TryAddSingleton<PreviewStore>();
        services.TryAddSingleton<PreviewWriter>();
        services.TryAddSingleton<ApprovalProcessor>();
        services.TryAddSingleton(sp => new SummaryCheck(sp.GetRequiredService<SitePublisher>(), sp.GetRequiredService<TimeProvider>()));
        services.TryAddSingleton<SummaryExport>();
        services.TryAddSingleton<ReportPipeline>();
        services.TryAddSingleton<StorageContainers>();
        services.TryAddSingleton<ResultRecords>();
        services.TryAddSingleton<UploadRecords>();
        services.TryAddSingleton<UploadLifecycle>();
        services.TryAddSingleton<IUploadProcessor>(sp => sp.GetRequiredService<UploadLifecycle>());
        // The upload lifecycle is the one writer of upload status records, the delivery outcomes included.
        services.TryAddSingleton<IDeliveryLog>(sp => sp.GetRequiredService<UploadLifecycle>());
        services.TryAddSingleton<WithdrawalProcessor>();
        services.TryAddSingleton<IWithdrawalProcessor>(sp => sp.GetRequiredService<WithdrawalProcessor>());
        return services;
    }
}
