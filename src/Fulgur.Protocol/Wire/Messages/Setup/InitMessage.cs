using System.Diagnostics.CodeAnalysis;
using Fulgur.Protocol.Types;
using Fulgur.Protocol.Wire.Features;
using Fulgur.Protocol.Wire.Tlv;

namespace Fulgur.Protocol.Wire.Messages;

/// <summary>
/// BOLT 1 <c>init</c>: the first message on every connection, carrying the node's features and, optionally, the
/// chains it cares about and the address it sees us at.
/// </summary>
/// <param name="GlobalFeatures">The legacy <c>globalfeatures</c> field (bits up to 13 at most).</param>
/// <param name="Features">The <c>features</c> field.</param>
/// <param name="Networks">The <c>networks</c> TLV, or null when absent (an empty list is present but empty).</param>
/// <param name="RemoteAddress">The <c>remote_addr</c> TLV's address descriptor, raw, or null when absent.</param>
/// <param name="UnknownTlvs">Unknown odd TLV records, kept so the message re-encodes exactly.</param>
public sealed record InitMessage(
    FeatureBits GlobalFeatures,
    FeatureBits Features,
    IReadOnlyList<ChainHash>? Networks,
    ByteVector? RemoteAddress,
    TlvStream UnknownTlvs) : IWireMessage<InitMessage>
{
    private const ulong NetworksType = 1;
    private const ulong RemoteAddrType = 3;

    public InitMessage(FeatureBits features, IReadOnlyList<ChainHash>? networks = null)
        : this(FeatureBits.Empty, features, networks, null, TlvStream.Empty)
    {
    }

    public static MessageType MessageType => new(16);

    public static string Name => "init";

    public static IReadOnlyList<WireField> Fields { get; } =
    [
        new("u16", "gflen"),
        new("gflen*byte", "globalfeatures"),
        new("u16", "flen"),
        new("flen*byte", "features"),
        new("init_tlvs", "tlvs"),
    ];

    public static TlvNamespace Tlvs { get; } = new("init_tlvs",
        new TlvType(NetworksType, "networks", TlvFormat.RepeatedFixed(Bytes32.Length)),
        new TlvType(RemoteAddrType, "remote_addr", TlvFormat.Bytes));

    public MessageType Type => MessageType;

    /// <summary>
    /// The node's whole feature map.
    /// </summary>
    // BOLT #1: "MUST combine (bitwise OR) the two feature bitmaps into one logical `features` map."
    public FeatureBits CombinedFeatures => GlobalFeatures | Features;

    /// <summary>
    /// False when the peer listed its chains and <paramref name="chain"/> is not among them.
    /// </summary>
    // BOLT #1: "upon receiving `networks` containing no common chains - MAY close the connection."
    public bool IsInterestedIn(ChainHash chain) => Networks is null || Networks.Contains(chain);

    public static bool TryReadPayload(ref WireReader reader, [NotNullWhen(true)] out InitMessage? message)
    {
        message = null;
        if (!reader.TryReadFeatures(out var global)
            || !reader.TryReadFeatures(out var local)
            || !TlvStream.TryRead(ref reader, Tlvs, out var tlvs))
            return false;

        List<ChainHash>? networks = null;
        if (tlvs.TryGetValue(NetworksType, out var chains))
        {
            networks = [];
            for (var offset = 0; offset < chains.Length; offset += Bytes32.Length)
                networks.Add(ChainHash.FromSpan(chains.Span.Slice(offset, Bytes32.Length)));
        }
        ByteVector? remoteAddress = tlvs.TryGetValue(RemoteAddrType, out var address) ? address : null;
        message = new InitMessage(global, local, networks, remoteAddress, tlvs.UnknownTo(Tlvs));
        return true;
    }

    public void WritePayload(WireWriter writer)
    {
        writer.WriteFeatures(GlobalFeatures);
        writer.WriteFeatures(Features);
        var tlvs = UnknownTlvs;
        if (Networks is not null)
        {
            var networks = Networks;
            tlvs = tlvs.With(NetworksType, WireWriter.ToByteVector(w =>
            {
                foreach (var chain in networks)
                    w.WriteChainHash(chain);
            }));
        }
        if (RemoteAddress is { } remoteAddress)
            tlvs = tlvs.With(RemoteAddrType, remoteAddress);
        tlvs.Write(writer);
    }

    public bool Equals(InitMessage? other) =>
        other is not null
        && GlobalFeatures == other.GlobalFeatures
        && Features == other.Features
        && (Networks is null ? other.Networks is null : other.Networks is not null && Networks.SequenceEqual(other.Networks))
        && RemoteAddress == other.RemoteAddress
        && UnknownTlvs == other.UnknownTlvs;

    public override int GetHashCode() => HashCode.Combine(GlobalFeatures, Features, Networks?.Count, RemoteAddress, UnknownTlvs);
}
