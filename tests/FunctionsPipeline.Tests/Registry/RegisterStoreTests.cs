using System.Text.Json;
using FunctionsPipeline.Cli;
using FunctionsPipeline.Cli.Commands;
using FunctionsPipeline.Core.Registry;
using FunctionsPipeline.Tests.Support;
using Microsoft.Extensions.Options;

namespace FunctionsPipeline.Tests.Registry;

/// <summary>Loading the register into its private container on Azurite, and <c>fp registry check|load</c>.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class RegisterStoreTests(AzuriteFixture azurite) : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("fp-registry-").FullName;
    private readonly FixedClock _clock = new(new DateTimeOffset(2025, 1, 5, 2, 0, 0, TimeSpan.Zero));

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private RegisterStore Store(string? container = null) =>
        new(azurite.BlobService, Options.Create(new RegistryOptions { Container = container ?? AzuriteFixture.UniqueName("registry") }), _clock);

    [Fact]
    public async Task Without_a_register_there_is_none_and_the_container_need_not_exist()
    {
        var store = Store();

        Assert.Null(await store.CurrentAsync(CancellationToken.None));
        Assert.False(await store.Container.ExistsAsync());
    }

    [Fact]
    public async Task A_valid_file_becomes_the_register_and_is_kept_as_given()
    {
        var store = Store();
        var bytes = RegisterFile.Sample().ToXlsx();

        var check = await store.LoadAsync(bytes, "名单.xlsx");

        Assert.True(check.IsValid);
        var loaded = await Store(store.Container.Name).CurrentAsync(CancellationToken.None);
        Assert.Equal(check.Register!.Bodies.Select(b => (b.Name, b.Folder, b.Deadline)), loaded!.Bodies.Select(b => (b.Name, b.Folder, b.Deadline)));
        Assert.Equal(_clock.Now, loaded.LoadedAt);
        var names = await store.Container.NamesAsync();
        Assert.Contains(RegisterStore.RegisterBlob, names);
        var source = Assert.Single(names, n => n.StartsWith("sources/", StringComparison.Ordinal));
        Assert.Equal(bytes, (await store.Container.GetBlobClient(source).DownloadContentAsync()).Value.Content.ToArray());
        Assert.False((await store.Container.GetAccessPolicyAsync()).Value.BlobPublicAccess is not Azure.Storage.Blobs.Models.PublicAccessType.None);
    }

    [Fact]
    public async Task A_bad_file_changes_nothing_and_the_register_stands()
    {
        var store = Store();
        await store.LoadAsync(RegisterFile.Sample().ToXlsx(), "名单.xlsx");
        var before = await store.Container.SnapshotAsync();

        var check = await store.LoadAsync(RegisterFile.Sample().Add("云岭县财政局", "11539999MB12345673", "政府部门", "finance").ToXlsx(), "新名单.xlsx");

        Assert.False(check.IsValid);
        Assert.Equal(before, await store.Container.SnapshotAsync());
        Assert.Equal(3, (await store.CurrentAsync(CancellationToken.None))!.Bodies.Count);
    }

    [Fact]
    public async Task A_bad_first_file_does_not_even_create_the_container()
    {
        var store = Store();

        Assert.False((await store.LoadAsync(RegisterFile.Sample().Add("云岭县人民政府", RegisterFile.Code("11539999MB1234599"), "政府部门", "x2").ToXlsx(), "名单.xlsx")).IsValid);

        Assert.False(await store.Container.ExistsAsync());
        Assert.Null(await store.CurrentAsync(CancellationToken.None));
    }

    [Fact]
    public async Task A_replaced_register_is_seen_by_a_reader_that_had_the_old_one()
    {
        var store = Store();
        var reader = Store(store.Container.Name);
        await store.LoadAsync(RegisterFile.Sample().ToXlsx(), "名单.xlsx");
        Assert.Equal(3, (await reader.CurrentAsync(CancellationToken.None))!.Bodies.Count);
        Assert.Equal(3, (await reader.CurrentAsync(CancellationToken.None))!.Bodies.Count); // the cached one (304)

        _clock.Now = _clock.Now.AddDays(1);
        await store.LoadAsync(RegisterFile.Sample().Add("云岭县财政局", RegisterFile.Code("11539999MB1234599"), "政府部门", "finance").ToXlsx(), "名单.xlsx");

        Assert.Equal(4, (await reader.CurrentAsync(CancellationToken.None))!.Bodies.Count);
        Assert.Equal(2, (await store.Container.NamesAsync()).Count(n => n.StartsWith("sources/", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Fp_registry_check_and_load_print_the_findings_and_load_only_a_valid_file()
    {
        var good = Write("名单.csv", RegisterFile.Sample().ToCsv(RegisterFile.Gb18030));
        var bad = Write("坏名单.xlsx", RegisterFile.Sample().Add("云岭县财政局", "11539999MB12345673", "事业单位", "finance").ToXlsx());
        var container = new RegisterStore(azurite.BlobService, Options.Create(new RegistryOptions()), _clock).Container;
        await container.DeleteIfExistsAsync();
        try
        {
            await CheckAndLoadAsync(good, bad, container);
        }
        finally
        {
            // The default container: other tests' pipelines on this Azurite must not find a register.
            await container.DeleteIfExistsAsync();
        }
    }

    private async Task CheckAndLoadAsync(string good, string bad, Azure.Storage.Blobs.BlobContainerClient container)
    {
        var (exit, output, _) = await RunAsync("registry", "check", good);
        Assert.Equal((RegistryCommand.Valid, true), (exit, output.Contains("共 3 个机关", StringComparison.Ordinal)));

        (exit, output, _) = await RunAsync("registry", "check", bad, "--json");
        Assert.Equal(RegistryCommand.Invalid, exit);
        var errors = JsonDocument.Parse(output).RootElement.GetProperty("errors").EnumerateArray()
            .Select(e => (e.GetProperty("code").GetString(), e.GetProperty("cell").GetString())).ToList();
        Assert.Equal([(RegistryCodes.CodeInvalid, "B6"), (RegistryCodes.TypeUnknown, "C6")], errors);

        (exit, output, _) = await RunAsync("registry", "load", bad, "--storage", azurite.ConnectionString);
        Assert.Equal(RegistryCommand.Invalid, exit);
        Assert.Contains("名单未载入", output, StringComparison.Ordinal);
        Assert.False(await container.ExistsAsync());

        (exit, output, _) = await RunAsync("registry", "load", good, "--storage", azurite.ConnectionString);
        Assert.Equal(RegistryCommand.Valid, exit);
        Assert.Contains("已载入：registry/register.json", output, StringComparison.Ordinal);
        // How many ledger records the site's reports filled (the default site may hold other tests' bodies: the line, not the count).
        Assert.Matches(@"登记簿：据网站上已发布、已撤回的报告补登 \d+ 条。", output);
        Assert.Equal(3, (await new RegisterStore(azurite.BlobService, Options.Create(new RegistryOptions()), _clock).CurrentAsync(CancellationToken.None))!.Bodies.Count);

        Assert.Equal(RegistryCommand.Unreadable, (await RunAsync("registry", "check", Write("x.xlsx", "%PDF-1.7"u8.ToArray()))).Exit);
        Assert.Equal(RegistryCommand.Unreadable, (await RunAsync("registry", "frobnicate")).Exit);
    }

    private string Write(string name, byte[] bytes)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    private async Task<(int Exit, string Out, string Err)> RunAsync(params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var exit = await Fp.InvokeAsync(args, new CliContext(stdout, stderr, _clock));
        return (exit, stdout.ToString(), stderr.ToString());
    }
}
