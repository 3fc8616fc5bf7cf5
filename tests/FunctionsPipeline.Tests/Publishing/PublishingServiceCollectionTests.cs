using Azure.Storage.Blobs;
using FunctionsPipeline.Core.Publishing;
using FunctionsPipeline.Core.Publishing.Storage;
using FunctionsPipeline.Tests.Support;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace FunctionsPipeline.Tests.Publishing;

[Collection(AzuriteCollection.Name)]
public sealed class PublishingServiceCollectionTests(AzuriteFixture fixture)
{
    [Fact]
    public async Task AddPublishing_binds_the_options_and_links_pages_under_the_configured_site_URL()
    {
        var container = AzuriteFixture.UniqueName("di");
        var config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Publishing:ContainerName"] = container,
            ["Publishing:SiteBaseUrl"] = "https://reports.example.gov.cn/site",
            ["Publishing:ListingCacheControl"] = "no-cache, max-age=0",
        }).Build();
        var services = new ServiceCollection()
            .AddSingleton(fixture.BlobService)
            .AddSingleton<TimeProvider>(new FixedClock(PublishingTestKit.At))
            .AddPublishing(config);
        await using var provider = services.BuildServiceProvider();

        var publisher = provider.GetRequiredService<SitePublisher>();
        var result = await publisher.PublishAsync(TestReports.Create());

        Assert.Equal(container, publisher.Container.Name);
        Assert.Equal(new Uri("https://reports.example.gov.cn/site/index.html"), result.Urls.Index);
        Assert.StartsWith("https://reports.example.gov.cn/site/reports/%E5%B1%B1", result.Urls.Notice.AbsoluteUri);
        Assert.Equal("no-cache, max-age=0", (await publisher.Container.GetBlobClient("index.html").GetPropertiesAsync()).Value.CacheControl);
        Assert.Contains("<id>https://reports.example.gov.cn/site/reports/", await publisher.Container.TextAsync("feed.xml"));
        Assert.Equal(new DateTimeOffset(2026, 11, 29, 17, 20, 0, TimeSpan.FromHours(8)), result.PublishedAt);
    }

    [Fact]
    public void AddPublishing_gives_the_publisher_the_registered_caches_and_a_publisher_built_without_them_the_shared_ones()
    {
        var config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Publishing:ContainerName"] = "caches" }).Build();
        using var provider = new ServiceCollection().AddSingleton(fixture.BlobService).AddPublishing(config).BuildServiceProvider();

        var caches = provider.GetRequiredService<SiteCaches>();

        Assert.Same(caches, provider.GetRequiredService<SiteCaches>());
        Assert.NotSame(SiteCaches.Shared, caches);
        Assert.Same(caches, provider.GetRequiredService<SitePublisher>().Listings.Store.Caches);
        Assert.Same(SiteCaches.Shared, PublishingTestKit.Publisher(fixture.BlobService, "caches").Listings.Store.Caches);
    }

    [Fact]
    public void AddPublishing_falls_back_to_the_configured_connection_string()
    {
        var config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Publishing:ConnectionString"] = fixture.ConnectionString,
        }).Build();
        using var provider = new ServiceCollection().AddPublishing(config).BuildServiceProvider();

        var publisher = provider.GetRequiredService<SitePublisher>();

        Assert.Equal("$web", publisher.Container.Name);
        Assert.Equal(fixture.Azurite.BlobPort, publisher.SiteBase.Port);
        Assert.EndsWith("/devstoreaccount1/$web/", publisher.SiteBase.AbsoluteUri);
    }

    [Fact]
    public void AddPublishing_without_any_storage_says_what_to_configure()
    {
        using var provider = new ServiceCollection().AddPublishing(new ConfigurationBuilder().Build()).BuildServiceProvider();

        var error = Assert.Throws<InvalidOperationException>(() => provider.GetRequiredService<SitePublisher>());
        Assert.Contains("Publishing:ConnectionString", error.Message);
    }
}
