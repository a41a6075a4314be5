using System.Globalization;
using System.IO.Compression;
using Fulgur.Node.Routing;
using Fulgur.Protocol.Types;
using Fulgur.TestKit;

namespace Fulgur.Node.Tests.Routing;

/// <summary>The mainnet graph (shared/data, described in its .md) loaded once for the class.</summary>
public sealed class MainnetGraphFixture
{
    public const string RelativePath = "data/mainnet-graph-2026-02-03.csv.gz";

    private readonly Lazy<(RouteGraph Graph, string Error, string? Path)> _loaded = new(() =>
    {
        var path = SharedData.TryPath(RelativePath, out _);
        if (path is null)
            return (new RouteGraph(), "", null);
        var ok = GraphCsvLoader.TryLoad(path, out var graph, out var error);
        return (graph, ok ? "" : error, path);
    });

    public (RouteGraph Graph, string Error, string Path) Require()
    {
        SharedData.Require(RelativePath);
        var (graph, error, path) = _loaded.Value;
        return (graph, error, path!);
    }
}

public sealed class MainnetGraphTests(MainnetGraphFixture fixture) : IClassFixture<MainnetGraphFixture>
{
    [SkippableFact]
    public void Loads_WithTheDocumentedCounts()
    {
        var (graph, error, _) = fixture.Require();
        Assert.Equal("", error);
        var snapshot = graph.Snapshot();
        // mainnet-graph-2026-02-03.md: 17,324 nodes, 50,808 channels, 101,616 - 35,806 = 65,810 usable directions.
        Assert.Equal(17_324, snapshot.NodeCount);
        Assert.Equal(50_808, snapshot.ChannelCount);
        Assert.Equal(65_810, snapshot.UsableDirectionCount);
    }

    [SkippableFact]
    public void RandomPairs_EveryRouteIsValidAgainstTheData()
    {
        var (graph, _, path) = fixture.Require();
        var rows = ReadRows(path);
        var snapshot = graph.Snapshot();
        var senders = rows.Values.Where(r => !r.Disabled).Select(r => r.Source).Distinct().Order().ToArray();
        var receivers = rows.Values.Where(r => !r.Disabled).Select(r => r.Destination).Distinct().Order().ToArray();
        var random = new Random(20260203);
        var found = 0;
        const int Pairs = 300;
        for (var i = 0; i < Pairs; i++)
        {
            var from = senders[random.Next(senders.Length)];
            var to = receivers[random.Next(receivers.Length)];
            if (from == to)
                continue;
            var amount = new MilliSatoshi(random.NextInt64(1_000, 50_000_000));
            var request = new RouteRequest(NodeId.Parse(from), NodeId.Parse(to), amount, RiskFactor: 10, FinalCltv: 18,
                FuzzPercent: 5, FuzzSeed: (ulong)i);
            if (RouteFinder.GetRoute(snapshot, request) is not RouteOutcome.Found { Route: var route })
                continue;
            found++;
            Assert.InRange(route.Hops.Count, 1, 20);
            Assert.Equal(amount, route.Hops[^1].Amount);
            Assert.Equal(18u, route.Hops[^1].Delay);
            var previous = from;
            for (var h = 0; h < route.Hops.Count; h++)
            {
                var hop = route.Hops[h];
                var key = (hop.Channel.ToString(ShortChannelIdFormat.X), (int)hop.Direction);
                Assert.True(rows.TryGetValue(key, out var row), $"{key} is not in the data");
                Assert.Equal(previous, row.Source);
                Assert.Equal(hop.Id.ToHex(), row.Destination);
                Assert.False(row.Disabled);
                Assert.InRange(hop.Amount.Value, row.HtlcMin, Math.Min(row.HtlcMax, row.CapacitySat * 1000));
                if (h + 1 < route.Hops.Count)
                {
                    // The next channel is the one hop.Id forwards over: its fee and delta separate the two hops.
                    var next = route.Hops[h + 1];
                    var nextRow = rows[(next.Channel.ToString(ShortChannelIdFormat.X), (int)next.Direction)];
                    Assert.Equal(next.Amount.Value + nextRow.FeeBase + (next.Amount.Value * nextRow.FeePpm / 1_000_000), hop.Amount.Value);
                    Assert.Equal(next.Delay + nextRow.Cltv, hop.Delay);
                }
                previous = row.Destination;
            }
            Assert.Equal(to, previous);
        }
        Assert.True(found > Pairs / 2, $"only {found} of {Pairs} random pairs had a route");
    }

    private sealed record Row(string Source, string Destination, long CapacitySat, bool Disabled, long HtlcMin, long HtlcMax,
        long FeeBase, long FeePpm, uint Cltv);

    /// <summary>The CSV read independently of the loader: (scid, direction) → row.</summary>
    private static Dictionary<(string, int), Row> ReadRows(string path)
    {
        var rows = new Dictionary<(string, int), Row>();
        using var reader = new StreamReader(new GZipStream(File.OpenRead(path), CompressionMode.Decompress));
        reader.ReadLine();
        while (reader.ReadLine() is { } line)
        {
            var f = line.Split(',');
            var direction = string.CompareOrdinal(f[1], f[2]) < 0 ? 0 : 1;
            rows[(f[0], direction)] = new Row(f[1], f[2], long.Parse(f[3], CultureInfo.InvariantCulture), f[4] == "1",
                long.Parse(f[5], CultureInfo.InvariantCulture), long.Parse(f[6], CultureInfo.InvariantCulture),
                long.Parse(f[7], CultureInfo.InvariantCulture), long.Parse(f[8], CultureInfo.InvariantCulture),
                uint.Parse(f[9], CultureInfo.InvariantCulture));
        }
        return rows;
    }
}
