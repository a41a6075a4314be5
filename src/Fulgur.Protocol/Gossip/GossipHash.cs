using Fulgur.Crypto;
using Fulgur.Protocol.Wire;
using Fulgur.Protocol.Wire.Messages;

namespace Fulgur.Protocol.Gossip;

/// <summary>
/// The hashes gossip signatures commit to: the double-SHA256 of a message's payload from the first byte after its
/// signatures to the end, extension included. Our codecs re-encode received messages byte for byte, so the hash
/// of a decoded record is the hash of the bytes its origin signed.
/// </summary>
public static class GossipHash
{
    private const int SignatureLength = 64;

    /// <summary>
    /// The hash the four signatures of a <c>channel_announcement</c> sign (and <c>announcement_signatures</c> carries).
    /// </summary>
    // BOLT #7: "MUST compute the double-SHA256 hash `h` of the message, beginning at offset
    // 256, up to the end of the message."
    public static byte[] Of(ChannelAnnouncementMessage message) => SignedPart(message, 4 * SignatureLength);

    /// <summary>The hash <c>node_announcement</c>'s signature signs.</summary>
    // BOLT #7: "MUST set `signature` to the signature of the double-SHA256 of the entire
    // remaining packet after `signature` (using the key given by `node_id`)."
    public static byte[] Of(NodeAnnouncementMessage message) => SignedPart(message, SignatureLength);

    /// <summary>The hash <c>channel_update</c>'s signature signs.</summary>
    // BOLT #7: "MUST set `signature` to the signature of the double-SHA256 of the entire
    // remaining packet after `signature`, using its own `node_id`."
    public static byte[] Of(ChannelUpdateMessage message) => SignedPart(message, SignatureLength);

    private static byte[] SignedPart(IWireMessage message, int signaturesLength)
    {
        ArgumentNullException.ThrowIfNull(message);
        var payload = WireWriter.ToArray(message.WritePayload);
        return Sha256.DoubleHash(payload.AsSpan(signaturesLength));
    }
}
