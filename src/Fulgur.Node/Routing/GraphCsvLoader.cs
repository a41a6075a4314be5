using System.Globalization;
using System.IO.Compression;
using Fulgur.Protocol.Types;

namespace Fulgur.Node.Routing;

/// <summary>
/// Reads the mainnet graph CSV (shared/data/mainnet-graph-*.csv.gz, gzip or plain): header
/// <c>scid,source,destination,capacity_sat,disabled,htlc_minimum_msat,htlc_maximum_msat,fee_base_msat,
/// fee_proportional_millionths,cltv_expiry_delta</c>, one row per channel direction. The file carries no
/// timestamps; each row is applied as timestamp 0. Malformed rows are reported as an error, never thrown.
/// </summary>
public static class GraphCsvLoader
{
    private const string Header =
        "scid,source,destination,capacity_sat,disabled,htlc_minimum_msat,htlc_maximum_msat,fee_base_msat,fee_proportional_millionths,cltv_expiry_delta";

    public static bool TryLoad(string path, out RouteGraph graph, out string error)
    {
        ArgumentNullException.ThrowIfNull(path);
        using var file = File.OpenRead(path);
        using Stream stream = path.EndsWith(".gz", StringComparison.Ordinal) ? new GZipStream(file, CompressionMode.Decompress) : file;
        using var reader = new StreamReader(stream);
        return TryLoad(reader, out graph, out error);
    }

    public static bool TryLoad(TextReader reader, out RouteGraph graph, out string error)
    {
        ArgumentNullException.ThrowIfNull(reader);
        graph = new RouteGraph();
        if (reader.ReadLine() != Header)
        {
            error = "the first line is not the expected CSV header";
            return false;
        }
        var nodes = new Dictionary<string, NodeId>(StringComparer.Ordinal);
        var nodeLookup = nodes.GetAlternateLookup<ReadOnlySpan<char>>();
        Span<Range> fields = stackalloc Range[11];
        var lineNumber = 1;
        while (reader.ReadLine() is { } line)
        {
            lineNumber++;
            if (line.Length == 0)
                continue;
            var span = line.AsSpan();
            if (span.Split(fields, ',') != 10
                || !ShortChannelId.TryParse(span[fields[0]], out var scid)
                || !TryNode(nodeLookup, span[fields[1]], out var source)
                || !TryNode(nodeLookup, span[fields[2]], out var destination)
                || source == destination
                || !long.TryParse(span[fields[3]], NumberStyles.None, CultureInfo.InvariantCulture, out var capacitySat)
                || span[fields[4]] is not ("0" or "1")
                || !long.TryParse(span[fields[5]], NumberStyles.None, CultureInfo.InvariantCulture, out var htlcMin)
                || !long.TryParse(span[fields[6]], NumberStyles.None, CultureInfo.InvariantCulture, out var htlcMax)
                || !long.TryParse(span[fields[7]], NumberStyles.None, CultureInfo.InvariantCulture, out var feeBase)
                || !uint.TryParse(span[fields[8]], NumberStyles.None, CultureInfo.InvariantCulture, out var feeProp)
                || !ushort.TryParse(span[fields[9]], NumberStyles.None, CultureInfo.InvariantCulture, out var cltv)
                || capacitySat > MilliSatoshi.MaxMoney.Value / MilliSatoshi.PerSatoshi)
            {
                error = $"line {lineNumber} is malformed";
                return false;
            }
            // BOLT #7: direction 0 is the update from node_id_1, the lexicographically-lesser node id.
            var direction = source < destination ? ChannelDirection.FromNode1 : ChannelDirection.FromNode2;
            if (!graph.TryGetEndpoints(scid, out _, out _))
                graph.AddChannel(scid, source, destination, MilliSatoshi.FromSatoshi(capacitySat));
            var policy = new ChannelPolicy(span[fields[4]] is "1", new MilliSatoshi(htlcMin), new MilliSatoshi(htlcMax),
                new MilliSatoshi(feeBase), feeProp, cltv);
            graph.UpdateDirection(new ChannelDirectionUpdate(scid, direction, 0, policy));
        }
        error = "";
        return true;
    }

    private static bool TryNode(Dictionary<string, NodeId>.AlternateLookup<ReadOnlySpan<char>> nodes, ReadOnlySpan<char> hex, out NodeId node)
    {
        if (nodes.TryGetValue(hex, out node!))
            return true;
        if (!NodeId.TryParse(hex, out var parsed))
            return false;
        nodes[hex] = node = parsed;
        return true;
    }
}
