using System.Diagnostics;
using System.Globalization;
using System.Runtime.Versioning;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using Fulgur.Node.Routing;
using Fulgur.Protocol.Types;

namespace Fulgur.Bench.Routing;

/// <summary>
/// The mainnet graph (17,324 nodes, 50,808 channels): load time, and getroute over 1,000 seeded random pairs that
/// have a route (riskfactor 10, fuzz 5%, amounts 1 sat..100k sat). One invocation of <see cref="GetRoute_1000Pairs"/>
/// times each route alone; the per-route median and p99 of the last invocation appear as extra columns.
/// Target: median under 2 ms on a 2-core machine.
/// </summary>
[RoutingLatencyColumns]
[UnsupportedOSPlatform("windows")] // Fulgur.Node runs on Unix only
[WarmupCount(1)]
[IterationCount(5)]
public class RoutingBenchmarks
{
    private const int PairCount = 1000;
    private string _path = null!;
    private GraphSnapshot _snapshot = null!;
    private RouteRequest[] _requests = [];
    private readonly double[] _millis = new double[PairCount];

    internal static double MedianMs { get; private set; } = double.NaN;

    internal static double P99Ms { get; private set; } = double.NaN;

    /// <summary>What the loaded graph and its routing snapshot keep on the managed heap, in MiB.</summary>
    internal static double GraphMiB { get; private set; } = double.NaN;

    [GlobalSetup]
    public void Setup()
    {
        _path = MainnetGraphFile.Locate();
        var before = GC.GetTotalMemory(forceFullCollection: true);
        if (!GraphCsvLoader.TryLoad(_path, out var graph, out var error))
            throw new InvalidOperationException($"{_path}: {error}");
        _snapshot = graph.Snapshot();
        GraphMiB = (GC.GetTotalMemory(forceFullCollection: true) - before) / 1048576.0;
        GC.KeepAlive(graph);
        var random = new Random(20260203);
        var requests = new List<RouteRequest>(PairCount);
        while (requests.Count < PairCount)
        {
            var from = _snapshot.NodeAt(random.Next(_snapshot.NodeCount));
            var to = _snapshot.NodeAt(random.Next(_snapshot.NodeCount));
            var request = new RouteRequest(from, to, new MilliSatoshi(random.NextInt64(1_000, 100_000_000)), RiskFactor: 10,
                FuzzPercent: 5, FuzzSeed: (ulong)requests.Count);
            if (from != to && RouteFinder.GetRoute(_snapshot, request) is RouteOutcome.Found)
                requests.Add(request);
        }
        _requests = [.. requests];
    }

    [Benchmark]
    public int LoadGraph() => GraphCsvLoader.TryLoad(_path, out var graph, out _) ? graph.ChannelCount : -1;

    [Benchmark]
    public int GetRoute_1000Pairs()
    {
        var found = 0;
        for (var i = 0; i < _requests.Length; i++)
        {
            var start = Stopwatch.GetTimestamp();
            if (RouteFinder.GetRoute(_snapshot, _requests[i]) is RouteOutcome.Found)
                found++;
            _millis[i] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
        }
        var sorted = (double[])_millis.Clone();
        Array.Sort(sorted);
        // Nearest-rank percentiles.
        MedianMs = sorted[(int)Math.Ceiling(0.50 * sorted.Length) - 1];
        P99Ms = sorted[(int)Math.Ceiling(0.99 * sorted.Length) - 1];
        return found;
    }
}

/// <summary>Adds "route median" and "route p99" (per single getroute) and "graph memory" columns to the routing table.</summary>
[AttributeUsage(AttributeTargets.Class)]
[UnsupportedOSPlatform("windows")]
public sealed class RoutingLatencyColumnsAttribute() : ColumnConfigBaseAttribute(
    new RoutingFigureColumn("route median", () => RoutingBenchmarks.MedianMs, "ms", nameof(RoutingBenchmarks.GetRoute_1000Pairs),
        "median of one getroute over the 1,000 pairs (last invocation)"),
    new RoutingFigureColumn("route p99", () => RoutingBenchmarks.P99Ms, "ms", nameof(RoutingBenchmarks.GetRoute_1000Pairs),
        "99th percentile of one getroute over the 1,000 pairs (last invocation)"),
    new RoutingFigureColumn("graph memory", () => RoutingBenchmarks.GraphMiB, "MiB", nameof(RoutingBenchmarks.LoadGraph),
        "managed heap kept by the loaded graph and its routing snapshot"));

/// <summary>A figure the routing benchmark measures itself, shown on the row of the method that measures it.</summary>
[UnsupportedOSPlatform("windows")]
internal sealed class RoutingFigureColumn(string name, Func<double> value, string unit, string method, string legend) : IColumn
{
    public string Id => name;

    public string ColumnName => name;

    public bool AlwaysShow => true;

    public ColumnCategory Category => ColumnCategory.Custom;

    public int PriorityInCategory => 0;

    public bool IsNumeric => true;

    public UnitType UnitType => UnitType.Dimensionless;

    public string Legend => $"{legend}, {unit}";

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase) =>
        benchmarkCase.Descriptor.WorkloadMethod.Name == method && !double.IsNaN(value())
            ? string.Create(CultureInfo.InvariantCulture, $"{value():F3} {unit}")
            : "-";

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style) => GetValue(summary, benchmarkCase);

    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;

    public bool IsAvailable(Summary summary) => true;
}
