using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Unicode;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Blobs.Specialized;
using FunctionsPipeline.Core.Common;
using FunctionsPipeline.Core.Model;
using FunctionsPipeline.Core.Publishing.Site;
using FunctionsPipeline.Core.Publishing.Storage;
using Microsoft.Extensions.Logging;

namespace FunctionsPipeline.Core.Publishing.OpenData;

/// <summary>
/// The open data files of the public site, written for <see cref="SitePublisher"/> (the site's one writer) and only by it.
/// <para>
/// A publication writes its body's data file (<c>data/{year}/bodies/{slug}.json</c>, the current version with its
/// report.json) and a withdrawal deletes it; each write is conditional on the version stored (its metadata), so an older
/// version never replaces a newer one. The year's combined files (<c>reports.csv</c>, <c>reports.json</c>) are rebuilt
/// from those by <see cref="RefreshAsync"/> (a timer) or <see cref="RebuildAsync"/> (<c>fp site rebuild</c>), never by a
/// publication: a round lists the year's body files and rebuilds only when their names and ETags changed since the last
/// build (its fingerprint is the combined files' metadata). The combined files are streamed block by block, so memory
/// stays at a block and a prefetch window whatever the number of bodies.
/// </para>
/// </summary>
internal sealed class DataFiles(BlobContainerClient container, PublishingOptions options, TimeProvider time, ILogger logger, SiteWriteStats stats)
{
    /// <summary>Raise when the files' format changes: every year's combined files are then rebuilt by the next round.</summary>
    public const int FormatVersion = 1;

    private const string VersionMetadata = "version";
    private const string SourcesMetadata = "sources";
    private const string GeneratedAtMetadata = "generatedat";
    private const string HashMetadata = "contentsha256";
    private const string CsvType = "text/csv; charset=utf-8";
    /// <summary>Body files downloaded ahead while the combined files are written.</summary>
    private const int Prefetch = 16;

    private readonly ConcurrentDictionary<int, bool> _yearsReady = new();
    private volatile bool _schemaReady;

    /// <summary>Blocks of the combined files (4 MiB: a year of 5,000 bodies is about 60 blocks of CSV).</summary>
    internal int BlockSize { get; init; } = 4 * 1024 * 1024;

    public static JsonSerializerOptions JsonOptions => ReportJson.Options;

    // ---- per publication ------------------------------------------------------------------------

    /// <summary>
    /// Writes the body's data file for <paramref name="entry"/> (published, listed in its manifest) unless it holds this
    /// version or a newer one already. Then makes sure the year's combined files and the schema exist, so the pages that
    /// link them never link nothing (an empty year file until the next round fills it).
    /// </summary>
    public async Task WriteBodyAsync(ManifestEntry entry, AnnualReport report, CancellationToken cancellationToken)
    {
        var path = DataLayout.Body(entry.Year, entry.Slug);
        var content = new BinaryData(JsonSerializer.SerializeToUtf8Bytes(DataEntry.From(entry, report), JsonOptions));
        for (var attempt = 1; ; attempt++)
        {
            var stored = await StoredVersionAsync(path, cancellationToken);
            if (stored is { Version: var v } && v >= entry.Version) break;
            try
            {
                await UploadAsync(path, content, SiteStore.JsonType, cancellationToken,
                    new Dictionary<string, string> { [VersionMetadata] = entry.Version.ToString(CultureInfo.InvariantCulture) },
                    stored is { ETag: var eTag } ? new BlobRequestConditions { IfMatch = eTag } : new BlobRequestConditions { IfNoneMatch = ETag.All });
                break;
            }
            catch (RequestFailedException ex) when (SiteStore.IsConditionFailure(ex) && attempt < 10)
            {
                stats.Retried();
            }
        }
        await EnsureYearAsync(entry.Year, cancellationToken);
    }

    /// <summary>Deletes the body's data file if it holds a version up to <paramref name="throughVersion"/> (a withdrawal).</summary>
    public async Task RemoveBodyAsync(string slug, int year, int throughVersion, CancellationToken cancellationToken)
    {
        var path = DataLayout.Body(year, slug);
        for (var attempt = 1; attempt <= 10; attempt++)
        {
            if (await StoredVersionAsync(path, cancellationToken) is not { } stored || stored.Version > throughVersion) return;
            try
            {
                await container.GetBlobClient(path).DeleteAsync(DeleteSnapshotsOption.IncludeSnapshots, new BlobRequestConditions { IfMatch = stored.ETag }, cancellationToken);
                return;
            }
            catch (RequestFailedException ex) when (ex.Status == 404)
            {
                return;
            }
            catch (RequestFailedException ex) when (SiteStore.IsConditionFailure(ex))
            {
                stats.Retried();
            }
        }
    }

    /// <summary>
    /// The year's combined files and the schema exist (checked once per year by this publisher): a year's first publication,
    /// or its status page, finds none and writes empty ones (If-None-Match: a round that built them already wins).
    /// </summary>
    public async Task EnsureYearAsync(int year, CancellationToken cancellationToken)
    {
        await EnsureSchemaAsync(cancellationToken);
        if (_yearsReady.ContainsKey(year)) return;
        try
        {
            await container.GetBlobClient(DataLayout.Json(year)).GetPropertiesAsync(cancellationToken: cancellationToken);
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            await CombineAsync(year, [], "", cancellationToken, createOnly: true);
        }
        _yearsReady[year] = true;
    }

    // ---- rounds ---------------------------------------------------------------------------------

    /// <summary>A round of the timer: every year with data files, each rebuilt only if a body's data file changed since its last build.</summary>
    public async Task<OpenDataResult> RefreshAsync(CancellationToken cancellationToken)
    {
        if (!await container.ExistsAsync(cancellationToken)) return new OpenDataResult([]);
        await EnsureSchemaAsync(cancellationToken);
        var years = new List<int>();
        await foreach (var item in container.GetBlobsByHierarchyAsync(BlobTraits.None, BlobStates.None, "/", DataLayout.Folder + "/", cancellationToken))
        {
            if (item.IsPrefix && DataLayout.YearOf(item.Prefix) is { } year) years.Add(year);
        }
        var results = new List<OpenDataYear>();
        foreach (var year in years.Order()) results.Add(await CombineYearAsync(year, force: false, cancellationToken));
        return new OpenDataResult(results);
    }

    /// <summary>
    /// <c>fp site rebuild</c>: every body's data file made to match its manifest (<paramref name="entries"/>: the current
    /// live version of each body and year, read from its report.json where the file is missing or holds another version;
    /// files of withdrawn or unknown publications deleted), then every year's combined files and the schema rewritten.
    /// </summary>
    public async Task<OpenDataResult> RebuildAsync(IReadOnlyCollection<ManifestEntry> entries, CancellationToken cancellationToken)
    {
        var stored = new Dictionary<string, (int Version, ETag ETag)>(StringComparer.Ordinal);
        var years = new HashSet<int>();
        await foreach (var item in container.GetBlobsAsync(BlobTraits.Metadata, BlobStates.None, DataLayout.Folder + "/", cancellationToken))
        {
            if (DataLayout.YearOf(item.Name[..(item.Name.IndexOf('/', DataLayout.Folder.Length + 1) + 1)]) is { } year) years.Add(year);
            if (item.Name.Contains("/bodies/", StringComparison.Ordinal))
                stored[item.Name] = (VersionOf(item.Metadata), item.Properties.ETag ?? default);
        }
        var live = entries.GroupBy(e => (e.Body, e.Year))
            .Select(g => g.Where(e => !e.IsWithdrawn).MaxBy(e => e.Version)).OfType<ManifestEntry>().ToList();
        await Parallel.ForEachAsync(live, new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = cancellationToken }, async (entry, ct) =>
        {
            var path = DataLayout.Body(entry.Year, entry.Slug);
            if (stored.TryGetValue(path, out var s) && s.Version == entry.Version) return;
            var report = ReportJson.Deserialize((await container.GetBlobClient(entry.Report).DownloadContentAsync(ct)).Value.Content.ToMemory().Span);
            await UploadAsync(path, new BinaryData(JsonSerializer.SerializeToUtf8Bytes(DataEntry.From(entry, report), JsonOptions)), SiteStore.JsonType, ct,
                new Dictionary<string, string> { [VersionMetadata] = entry.Version.ToString(CultureInfo.InvariantCulture) });
        });
        var wanted = live.Select(e => DataLayout.Body(e.Year, e.Slug)).ToHashSet(StringComparer.Ordinal);
        foreach (var (path, s) in stored.Where(s => !wanted.Contains(s.Key)))
        {
            logger.LogInformation("Deleting {Path}: no live publication has it", path);
            try
            {
                await container.GetBlobClient(path).DeleteAsync(DeleteSnapshotsOption.IncludeSnapshots, new BlobRequestConditions { IfMatch = s.ETag }, cancellationToken);
            }
            catch (RequestFailedException ex) when (ex.Status == 404 || SiteStore.IsConditionFailure(ex))
            {
                // deleted meanwhile, or rewritten by a publication running now: theirs stands
            }
        }
        _schemaReady = false;
        await EnsureSchemaAsync(cancellationToken);
        years.UnionWith(live.Select(e => e.Year));
        var results = new List<OpenDataYear>();
        foreach (var year in years.Order()) results.Add(await CombineYearAsync(year, force: true, cancellationToken));
        return new OpenDataResult(results);
    }

    /// <summary>
    /// One year's combined files from its body files: skipped (unless <paramref name="force"/>) when both carry the
    /// fingerprint of the body files listed now.
    /// </summary>
    public async Task<OpenDataYear> CombineYearAsync(int year, bool force, CancellationToken cancellationToken)
    {
        var bodies = new List<string>();
        var fingerprint = new StringBuilder().Append(CultureInfo.InvariantCulture, $"format {FormatVersion}\n");
        await foreach (var item in container.GetBlobsAsync(BlobTraits.None, BlobStates.None, DataLayout.BodiesFolder(year), cancellationToken))
        {
            if (!item.Name.EndsWith(".json", StringComparison.Ordinal)) continue;
            bodies.Add(item.Name);
            fingerprint.Append(item.Name).Append(' ').Append(item.Properties.ETag.ToString()).Append('\n');
        }
        var sources = Sha256.Hex(Encoding.UTF8.GetBytes(fingerprint.ToString()))[..32];
        if (!force && await SourcesOfAsync(DataLayout.Json(year), cancellationToken) is { } json && json.Sources == sources &&
            await SourcesOfAsync(DataLayout.Csv(year), cancellationToken) is { } csv && csv.Sources == sources)
        {
            return new OpenDataYear(year, json.Count, false, csv.Bytes, json.Bytes);
        }
        return await CombineAsync(year, bodies, sources, cancellationToken);
    }

    private async Task<OpenDataYear> CombineAsync(int year, IReadOnlyList<string> bodies, string sources, CancellationToken cancellationToken, bool createOnly = false)
    {
        var generatedAt = ChinaTime.ToChina(time.GetUtcNow());
        using var csv = new StagedBlob(container.GetBlockBlobClient(DataLayout.Csv(year)), BlockSize);
        using var json = new StagedBlob(container.GetBlockBlobClient(DataLayout.Json(year)), BlockSize);
        csv.Stream.Write(DataCsv.Bom);
        var csvText = new StreamWriter(csv.Stream, DataCsv.Encoding, bufferSize: 64 * 1024, leaveOpen: true);
        DataCsv.WriteHeader(csvText);
        var writer = new Utf8JsonWriter(json.Stream, new JsonWriterOptions { Encoder = JavaScriptEncoder.Create(UnicodeRanges.All), Indented = false });
        writer.WriteStartObject();
        writer.WriteNumber("year", year);
        writer.WriteString("generatedAt", generatedAt);
        writer.WriteNumber("refreshMinutes", OpenDataSchedule.RefreshMinutes);
        writer.WriteString("note", Note(year));
        writer.WriteString("csv", DataLayout.CsvFile);
        writer.WriteString("schema", "../" + DataLayout.SchemaFile);
        writer.WriteStartArray("reports");

        var count = 0;
        var window = new Queue<Task<BinaryData?>>();
        var next = 0;
        while (next < bodies.Count || window.Count > 0)
        {
            while (window.Count < Prefetch && next < bodies.Count) window.Enqueue(DownloadAsync(bodies[next++], cancellationToken));
            if (await window.Dequeue() is not { } content) continue;
            DataEntry? entry;
            try
            {
                entry = JsonSerializer.Deserialize<DataEntry>(content.ToMemory().Span, JsonOptions);
            }
            catch (JsonException ex)
            {
                logger.LogWarning("A body's open data file of {Year} is not readable ({Error}); left out", year, ex.Message);
                continue;
            }
            if (entry is null || entry.Year != year) continue;
            JsonSerializer.Serialize(writer, entry, JsonOptions);
            DataCsv.WriteEntry(csvText, entry);
            count++;
            await writer.FlushAsync(cancellationToken);
            await csvText.FlushAsync(cancellationToken);
            await json.FlushIfFullAsync(cancellationToken);
            await csv.FlushIfFullAsync(cancellationToken);
        }
        writer.WriteEndArray();
        writer.WriteNumber("count", count);
        writer.WriteEndObject();
        await writer.FlushAsync(cancellationToken);
        await writer.DisposeAsync();
        await csvText.FlushAsync(cancellationToken);
        await csvText.DisposeAsync();

        var metadata = new Dictionary<string, string>
        {
            [SourcesMetadata] = sources,
            [GeneratedAtMetadata] = generatedAt.ToString("O", CultureInfo.InvariantCulture),
            ["count"] = count.ToString(CultureInfo.InvariantCulture),
        };
        if (createOnly)
        {
            // An empty pair for a year's first page: written only where there is none (the CSV first, so a JSON found means both).
            if (!await CreateOnlyAsync(DataLayout.Csv(year), csv, CsvType, metadata, cancellationToken) |
                !await CreateOnlyAsync(DataLayout.Json(year), json, SiteStore.JsonType, metadata, cancellationToken))
                logger.LogInformation("Open data of {Year} was there already", year);
            return new OpenDataYear(year, 0, true, csv.Stream.Length, json.Stream.Length);
        }
        await csv.CommitAsync(Headers(CsvType, "attachment"), metadata, cancellationToken);
        await json.CommitAsync(Headers(SiteStore.JsonType), metadata, cancellationToken);
        stats.Wrote(DataLayout.Csv(year), csv.Length, listing: false);
        stats.Wrote(DataLayout.Json(year), json.Length, listing: false);
        logger.LogInformation("Open data of {Year}: {Count} reports, {CsvBytes} bytes of CSV, {JsonBytes} bytes of JSON", year, count, csv.Length, json.Length);
        return new OpenDataYear(year, count, true, csv.Length, json.Length);
    }

    private async Task<bool> CreateOnlyAsync(string path, StagedBlob staged, string contentType, Dictionary<string, string> metadata, CancellationToken cancellationToken)
    {
        staged.Stream.Position = 0;
        try
        {
            await UploadAsync(path, new BinaryData(((MemoryStream)staged.Stream).ToArray()), contentType, cancellationToken, metadata,
                new BlobRequestConditions { IfNoneMatch = ETag.All });
            return true;
        }
        catch (RequestFailedException ex) when (SiteStore.IsConditionFailure(ex))
        {
            return false;
        }
    }

    /// <summary>The staleness, stated in reports.json (a CSV has no place for it that every reader skips).</summary>
    internal static string Note(int year) => string.Create(CultureInfo.InvariantCulture,
        $"本文件及同目录的 reports.csv 汇总{year}年度各机关现行版本报告中的数据，每{OpenDataSchedule.RefreshMinutes}分钟由各机关的数据文件重建一次，generatedAt 为本次生成时间；此后发布、更正或撤回的报告在下次重建后反映。各字段说明见 ../schema.json。");

    // ---- schema ---------------------------------------------------------------------------------

    /// <summary>data/schema.json as this build has it (checked once per publisher by its hash, like site.css).</summary>
    private async Task EnsureSchemaAsync(CancellationToken cancellationToken)
    {
        if (_schemaReady) return;
        var content = new BinaryData(SchemaJson());
        var hash = Sha256.Hex(content.ToMemory().Span);
        try
        {
            var props = await container.GetBlobClient(DataLayout.Schema).GetPropertiesAsync(cancellationToken: cancellationToken);
            if (props.Value.Metadata.TryGetValue(HashMetadata, out var current) && current == hash)
            {
                _schemaReady = true;
                return;
            }
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
        }
        await UploadAsync(DataLayout.Schema, content, SiteStore.JsonType, cancellationToken, new Dictionary<string, string> { [HashMetadata] = hash });
        _schemaReady = true;
    }

    /// <summary>Every cell code with its Chinese label, table (the national format's section), row, column and unit; the files and the CSV's columns.</summary>
    internal static byte[] SchemaJson()
    {
        var schema = new
        {
            formatVersion = FormatVersion,
            title = "政府信息公开工作年度报告开放数据说明",
            refreshMinutes = OpenDataSchedule.RefreshMinutes,
            staleness = string.Create(CultureInfo.InvariantCulture,
                $"各年度的 reports.csv 和 reports.json 每{OpenDataSchedule.RefreshMinutes}分钟由各机关的数据文件（bodies/）重建一次，生成时间见 reports.json 的 generatedAt；发布、更正或撤回在下次重建后反映。各机关的数据文件随每次发布、更正、撤回即时更新。"),
            files = new[]
            {
                new { path = "data/{年度}/reports.csv", description = "长格式：每个机关现行版本报告的每个数字一行；UTF-8（带BOM），逗号分隔，CRLF换行" },
                new { path = "data/{年度}/reports.json", description = "同一数据：每个机关现行版本的 report.json（与网站上 reports/…/report.json 相同），附生成时间" },
                new { path = "data/{年度}/bodies/{机关}.json", description = "单个机关该年度现行版本的数据（随发布、更正、撤回即时更新）" },
            },
            csvColumns = new[]
            {
                new { name = DataCsv.Columns[0], description = "发布报告的机关" },
                new { name = DataCsv.Columns[1], description = "机关的统一社会信用代码（报告未填写时为空）" },
                new { name = DataCsv.Columns[2], description = "报告年度" },
                new { name = DataCsv.Columns[3], description = "现行版本号（更正后递增）" },
                new { name = DataCsv.Columns[4], description = "所在部分（全国统一格式的章节标题）" },
                new { name = DataCsv.Columns[5], description = "表格行" },
                new { name = DataCsv.Columns[6], description = "表格列" },
                new { name = DataCsv.Columns[7], description = "稳定的单元格代码（见 cells）" },
                new { name = DataCsv.Columns[8], description = "数值" },
                new { name = DataCsv.Columns[9], description = "单位：件，或万元（行政事业性收费金额）" },
            },
            cells = DataCells.All.Select(c => new
            {
                code = c.Code, label = c.Label, table = c.Table, row = c.Row, column = c.Column,
                kind = c.Kind == FieldKind.Money ? "money" : "count", unit = c.Unit,
            }),
        };
        return JsonSerializer.SerializeToUtf8Bytes(schema, JsonOptions);
    }

    // ---- storage helpers ------------------------------------------------------------------------

    private async Task<(int Version, ETag ETag)?> StoredVersionAsync(string path, CancellationToken cancellationToken)
    {
        try
        {
            var props = await container.GetBlobClient(path).GetPropertiesAsync(cancellationToken: cancellationToken);
            return (VersionOf(props.Value.Metadata), props.Value.ETag);
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            return null;
        }
    }

    private static int VersionOf(IDictionary<string, string> metadata) =>
        metadata.TryGetValue(VersionMetadata, out var v) && int.TryParse(v, NumberStyles.None, CultureInfo.InvariantCulture, out var version) ? version : 0;

    private async Task<(string Sources, int Count, long Bytes)?> SourcesOfAsync(string path, CancellationToken cancellationToken)
    {
        try
        {
            var props = (await container.GetBlobClient(path).GetPropertiesAsync(cancellationToken: cancellationToken)).Value;
            return (props.Metadata.TryGetValue(SourcesMetadata, out var s) ? s : "",
                props.Metadata.TryGetValue("count", out var c) && int.TryParse(c, CultureInfo.InvariantCulture, out var n) ? n : 0, props.ContentLength);
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            return null;
        }
    }

    private async Task<BinaryData?> DownloadAsync(string path, CancellationToken cancellationToken)
    {
        try
        {
            return (await container.GetBlobClient(path).DownloadContentAsync(cancellationToken)).Value.Content;
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            return null; // withdrawn since the listing
        }
    }

    private BlobHttpHeaders Headers(string contentType, string? disposition = null) =>
        new() { ContentType = contentType, CacheControl = options.ListingCacheControl, ContentDisposition = disposition };

    private async Task UploadAsync(string path, BinaryData content, string contentType, CancellationToken cancellationToken,
        IDictionary<string, string>? metadata = null, BlobRequestConditions? conditions = null)
    {
        await container.GetBlobClient(path).UploadAsync(content, new BlobUploadOptions
        {
            HttpHeaders = Headers(contentType, path.EndsWith(".csv", StringComparison.Ordinal) ? "attachment" : null),
            Metadata = metadata,
            Conditions = conditions,
        }, cancellationToken);
        stats.Wrote(path, content.ToMemory().Length, listing: false);
    }
}
