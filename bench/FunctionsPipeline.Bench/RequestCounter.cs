using System.Collections.Concurrent;
using Azure.Core;
using Azure.Core.Pipeline;

namespace FunctionsPipeline.Bench;

/// <summary>
/// Counts the storage requests a bench makes, by method and kind of blob (the path with its variable parts folded),
/// and how many lost a condition (409/412): where a publication's requests and its contention go.
/// </summary>
internal sealed class RequestCounter : HttpPipelinePolicy
{
    private readonly ConcurrentDictionary<string, (long Requests, long Lost, double Ms, long Bytes)> _byKind = new();

    public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline) =>
        ProcessAsync(message, pipeline, false).AsTask().GetAwaiter().GetResult();

    public override ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline) =>
        ProcessAsync(message, pipeline, true);

    private async ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline, bool async)
    {
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        if (async) await ProcessNextAsync(message, pipeline); else ProcessNext(message, pipeline);
        var ms = System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        var kind = $"{message.Request.Method} {Kind(message.Request.Uri.Path)}";
        var lost = message.Response.Status is 409 or 412 ? 1 : 0;
        var bytes = message.Request.Content is { } content && content.TryComputeLength(out var length) ? length : 0;
        _byKind.AddOrUpdate(kind, (1, lost, ms, bytes), (_, v) => (v.Requests + 1, v.Lost + lost, v.Ms + ms, v.Bytes + bytes));
    }

    public long Total => _byKind.Values.Sum(v => v.Requests);

    public void Reset() => _byKind.Clear();

    public void Print(int publications, int top = 40)
    {
        Console.WriteLine($"    requests per publication: {Total / (double)publications:F1}");
        foreach (var (kind, v) in _byKind.OrderByDescending(p => p.Value.Requests).Take(top))
            Console.WriteLine($"      {v.Requests / (double)publications,6:F2}/pub  lost {v.Lost,6}  mean {v.Ms / v.Requests,6:F1} ms  {v.Bytes / 1024.0 / publications,7:F1} KiB/pub  {kind}");
    }

    /// <summary>The blob path without the account, container and the parts that vary per body, year, page or shard.</summary>
    private static string Kind(string path)
    {
        var parts = Uri.UnescapeDataString(path).Split('/', StringSplitOptions.RemoveEmptyEntries).Skip(2).ToArray();
        if (parts.Length == 0) return "(container)";
        var first = parts[0];
        return first switch
        {
            "bodies" => "bodies/*/" + parts[^1],
            "reports" => "reports/*/" + parts[^1],
            "search" => $"search/{(parts.Length > 1 ? parts[1] : "")}/*",
            "years" or "months" => System.Text.RegularExpressions.Regex.IsMatch(parts[^1], @"^p[0-9]{3}\.") ? $"{first}/*/p*{System.IO.Path.GetExtension(parts[^1])}" : $"{first}/*/{parts[^1]}",
            "sitemaps" => parts[^1].StartsWith("listings", StringComparison.Ordinal) ? "sitemaps/listings.xml" : "sitemaps/*-p*.xml",
            _ => first,
        };
    }
}
