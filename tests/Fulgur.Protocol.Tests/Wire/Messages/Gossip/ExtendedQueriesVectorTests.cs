using System.Text.Json;
using Fulgur.Crypto;
using Fulgur.Protocol.Gossip;
using Fulgur.Protocol.Types;
using Fulgur.Protocol.Wire.Messages;
using Fulgur.TestKit;

namespace Fulgur.Protocol.Tests.Wire.Messages.Gossip;

/// <summary>
/// shared/bolts/bolt07/extended-queries.json (reference test vectors): every message decodes, re-encodes to the
/// same bytes and carries the listed values. Messages whose arrays are all uncompressed are also built from the
/// listed values and must encode to exactly the given hex; arrays using the withdrawn zlib encoding must be refused
/// when decoded.
/// </summary>
public sealed class ExtendedQueriesVectorTests
{
    private const string VectorFile = "bolts/bolt07/extended-queries.json";

    public static TheoryData<int> Indexes()
    {
        // The file has ten vectors; the count is checked below so a changed file fails loudly.
        var data = new TheoryData<int>();
        for (var i = 0; i < 10; i++)
            data.Add(i);
        return data;
    }

    private static JsonElement Load(int index, out byte[] bytes)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(SharedData.Require(VectorFile)));
        var vector = doc.RootElement[index].Clone();
        bytes = Hex.Decode(vector.GetProperty("hex").GetString()!);
        return vector.GetProperty("msg");
    }

    [SkippableFact]
    public void The_vector_file_has_ten_vectors()
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(SharedData.Require(VectorFile)));
        Assert.Equal(10, doc.RootElement.GetArrayLength());
    }

    [SkippableTheory]
    [MemberData(nameof(Indexes))]
    public void Vector_decodes_reencodes_and_matches_its_values(int index)
    {
        var msg = Load(index, out var bytes);
        Assert.True(MessageRegistry.Default.TryDecode(bytes, out var decoded, out var error), error.ToString());
        Assert.Equal(bytes, MessageRegistry.Encode(decoded));

        IWireMessage? built = msg.GetProperty("type").GetString() switch
        {
            "QueryChannelRange" => CheckQueryChannelRange(msg, Assert.IsType<QueryChannelRangeMessage>(decoded)),
            "ReplyChannelRange" => CheckReplyChannelRange(msg, Assert.IsType<ReplyChannelRangeMessage>(decoded)),
            "QueryShortChannelIds" => CheckQueryShortChannelIds(msg, Assert.IsType<QueryShortChannelIdsMessage>(decoded)),
            var other => throw new InvalidOperationException($"unexpected vector type {other}"),
        };
        if (built is not null)
            Assert.Equal(Hex.Encode(bytes), Hex.Encode(MessageRegistry.Encode(built)));
    }

    private static ChainHash Chain(JsonElement msg) => ChainHash.FromSpan(Hex.Decode(msg.GetProperty("chainHash").GetString()!));

    private static QueryChannelRangeMessage CheckQueryChannelRange(JsonElement msg, QueryChannelRangeMessage decoded)
    {
        Assert.Equal(Chain(msg), decoded.ChainHash);
        Assert.Equal(msg.GetProperty("firstBlockNum").GetUInt32(), decoded.FirstBlocknum.Value);
        Assert.Equal(msg.GetProperty("numberOfBlocks").GetUInt32(), decoded.NumberOfBlocks);
        QueryOptions? option = null;
        foreach (var record in msg.GetProperty("tlvStream").GetProperty("records").EnumerateArray())
        {
            option = QueryOptions.None;
            foreach (var name in record.GetString()!.Split('|', StringSplitOptions.TrimEntries))
            {
                option |= name switch
                {
                    "WANT_TIMESTAMPS" => QueryOptions.WantTimestamps,
                    "WANT_CHECKSUMS" => QueryOptions.WantChecksums,
                    _ => throw new InvalidOperationException(name),
                };
            }
        }
        Assert.Equal(option, decoded.QueryOption);
        Assert.True(decoded.UnknownTlvs.IsEmpty);
        return new QueryChannelRangeMessage(decoded.ChainHash, decoded.FirstBlocknum, decoded.NumberOfBlocks, option);
    }

    private static ReplyChannelRangeMessage? CheckReplyChannelRange(JsonElement msg, ReplyChannelRangeMessage decoded)
    {
        Assert.Equal(Chain(msg), decoded.ChainHash);
        Assert.Equal(msg.GetProperty("firstBlockNum").GetUInt32(), decoded.FirstBlocknum.Value);
        Assert.Equal(msg.GetProperty("numberOfBlocks").GetUInt32(), decoded.NumberOfBlocks);
        Assert.Equal(msg.GetProperty("complete").GetInt32() == 1, decoded.IsSyncComplete);
        var uncompressed = CheckIds(msg.GetProperty("shortChannelIds"), decoded.ShortChannelIds, out var ids);

        List<ChannelUpdateTimestamps>? timestamps = null;
        if (msg.TryGetProperty("timestamps", out var timestampsJson))
        {
            Assert.NotNull(decoded.Timestamps);
            var expected = timestampsJson.GetProperty("timestamps").EnumerateArray()
                .Select(t => new ChannelUpdateTimestamps(new GossipTimestamp(t.GetProperty("timestamp1").GetUInt32()),
                    new GossipTimestamp(t.GetProperty("timestamp2").GetUInt32())))
                .ToList();
            if (timestampsJson.GetProperty("encoding").GetString() == "UNCOMPRESSED")
            {
                Assert.True(decoded.Timestamps.Value.TryDecode(out var actual, out var error), error.ToString());
                Assert.Equal(expected, actual);
                timestamps = expected;
            }
            else
            {
                Assert.False(decoded.Timestamps.Value.TryDecode(out _, out var error));
                Assert.Equal(GossipQueryErrorKind.ZlibRefused, error.Kind);
                uncompressed = false;
            }
        }
        else
        {
            Assert.Null(decoded.Timestamps);
        }

        List<ChannelUpdateChecksums>? checksums = null;
        if (msg.TryGetProperty("checksums", out var checksumsJson))
        {
            checksums = [.. checksumsJson.GetProperty("checksums").EnumerateArray()
                .Select(c => new ChannelUpdateChecksums(c.GetProperty("checksum1").GetUInt32(), c.GetProperty("checksum2").GetUInt32()))];
            Assert.Equal(checksums, decoded.Checksums);
        }
        else
        {
            Assert.Null(decoded.Checksums);
        }
        return uncompressed
            ? new ReplyChannelRangeMessage(decoded.ChainHash, decoded.FirstBlocknum, decoded.NumberOfBlocks, decoded.IsSyncComplete, ids,
                timestamps, checksums)
            : null;
    }

    private static QueryShortChannelIdsMessage? CheckQueryShortChannelIds(JsonElement msg, QueryShortChannelIdsMessage decoded)
    {
        Assert.Equal(Chain(msg), decoded.ChainHash);
        var uncompressed = CheckIds(msg.GetProperty("shortChannelIds"), decoded.ShortChannelIds, out var ids);
        List<QueryFlags>? flags = null;
        foreach (var record in msg.GetProperty("tlvStream").GetProperty("records").EnumerateArray())
        {
            Assert.NotNull(decoded.QueryFlags);
            var expected = record.GetProperty("array").EnumerateArray().Select(f => (QueryFlags)f.GetUInt64()).ToList();
            if (record.GetProperty("encoding").GetString() == "UNCOMPRESSED")
            {
                Assert.True(decoded.QueryFlags.Value.TryDecodeFor(expected.Count, out var actual, out var error), error.ToString());
                Assert.Equal(expected, actual);
                flags = expected;
            }
            else
            {
                Assert.False(decoded.QueryFlags.Value.TryDecode(out _, out var error));
                Assert.Equal(GossipQueryErrorKind.ZlibRefused, error.Kind);
                uncompressed = false;
            }
        }
        return uncompressed ? new QueryShortChannelIdsMessage(decoded.ChainHash, ids, flags) : null;
    }

    /// <summary>Checks the ids; false (and no ids) when they use zlib, which must be refused.</summary>
    private static bool CheckIds(JsonElement json, EncodedShortChannelIds encoded, out List<ShortChannelId> ids)
    {
        var expected = json.GetProperty("array").EnumerateArray().Select(s => ShortChannelId.Parse(s.GetString()!)).ToList();
        if (json.GetProperty("encoding").GetString() == "UNCOMPRESSED")
        {
            Assert.Equal(GossipEncoding.Uncompressed, encoded.Encoding);
            Assert.True(encoded.TryDecode(out var actual, out var error), error.ToString());
            Assert.Equal(expected, actual);
            ids = expected;
            return true;
        }
        Assert.Equal(GossipEncoding.Zlib, encoded.Encoding);
        Assert.False(encoded.TryDecode(out var none, out var zlibError));
        Assert.Empty(none);
        Assert.Equal(GossipQueryErrorKind.ZlibRefused, zlibError.Kind);
        ids = [];
        return false;
    }
}
