using System.Globalization;
using System.Text.RegularExpressions;
using Azure.Storage.Blobs.Models;
using FunctionsPipeline.Core.Publishing;
using FunctionsPipeline.Core.Publishing.Pages;
using FunctionsPipeline.Core.Withdrawals;
using FunctionsPipeline.Tests.Publishing;
using FunctionsPipeline.Tests.Support;
using static FunctionsPipeline.Tests.Withdrawal.WithdrawalKit;

namespace FunctionsPipeline.Tests.Withdrawal;

/// <summary>
/// The cache policy on the blobs themselves (Azurite): no public file that a withdrawal removes or changes may be cached
/// longer than <see cref="PublishingOptions.WithdrawalTakesEffectWithin"/>, before the withdrawal and after it.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed partial class WithdrawalCachingTests(AzuriteFixture fixture)
{
    [Fact]
    public async Task Every_public_file_but_the_content_addressed_script_is_cached_at_most_an_hour_before_and_after_a_withdrawal()
    {
        await using var kit = Create(fixture.ConnectionString);
        var published = await kit.PublishAsync(TestReports.Create(), PublishingTestKit.At);
        var before = await CacheControlsAsync(kit);

        var status = await kit.WithdrawAsync("缓存.json", Json(TestReports.SeedBody, 2024), PublishingTestKit.At.AddDays(3));
        var after = await CacheControlsAsync(kit);

        Assert.Equal(WithdrawalOutcome.Withdrawn, status.Outcome);
        Assert.Equal("public, max-age=3600", before[published.Paths.Pdf]);
        Assert.Equal("no-cache", after[SiteSlug.WithdrawalNotice(TestReports.SeedBody, 2024, 1)]);
        Assert.Equal("no-cache", after[published.Paths.Notice]);
        foreach (var (path, cacheControl) in before.Concat(after))
        {
            if (path == SearchScript.FileName) continue;
            Assert.DoesNotContain("immutable", cacheControl, StringComparison.Ordinal);
            var maxAge = MaxAge().Match(cacheControl) is { Success: true } m ? int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) : 0;
            Assert.True(cacheControl.Contains("no-cache", StringComparison.Ordinal) || maxAge > 0, $"{path}: {cacheControl}");
            Assert.True(TimeSpan.FromSeconds(maxAge) <= PublishingOptions.WithdrawalTakesEffectWithin, $"{path}: {cacheControl}");
        }
    }

    private static async Task<Dictionary<string, string>> CacheControlsAsync(WithdrawalKit kit)
    {
        var controls = new Dictionary<string, string>(StringComparer.Ordinal);
        await foreach (var blob in kit.Web.GetBlobsAsync(new GetBlobsOptions { Traits = BlobTraits.None }))
        {
            controls[blob.Name] = blob.Properties.CacheControl ?? "";
        }
        return controls;
    }

    [GeneratedRegex(@"max-age=(\d+)")]
    private static partial Regex MaxAge();
}
