using Fulgur.Bitcoin.Scripts;
using Fulgur.Protocol.Channels;
using Fulgur.Protocol.Types;
using Fulgur.Protocol.Wire.Features;
using Fulgur.Protocol.Wire.Messages;

namespace Fulgur.Protocol.Gossip;

/// <summary>
/// The checks a receiver makes on a <c>channel_announcement</c> and on <c>announcement_signatures</c> without
/// looking at the chain. The funding output check is the node's: compare the output <c>short_channel_id</c> points
/// at with <see cref="ExpectedFundingScript"/>, and check it is unspent and deep enough.
/// </summary>
public static class ChannelAnnouncementValidator
{
    /// <summary>
    /// Checks chain, node order, the four signatures and the features, in that order.
    /// </summary>
    /// <param name="announcement">The received message.</param>
    /// <param name="knownChains">The chains this node follows.</param>
    /// <param name="localFeatures">Every feature we support (an even bit outside it is "unknown").</param>
    public static GossipVerdict Validate(ChannelAnnouncementMessage announcement, IReadOnlyCollection<ChainHash> knownChains,
        FeatureBits localFeatures)
    {
        ArgumentNullException.ThrowIfNull(announcement);
        ArgumentNullException.ThrowIfNull(knownChains);
        ArgumentNullException.ThrowIfNull(localFeatures);
        // BOLT #7: "if the specified `chain_hash` is unknown to the receiver: - MUST ignore the message."
        if (!knownChains.Contains(announcement.ChainHash))
            return GossipVerdict.Ignore(GossipProblem.UnknownChain, $"chain {announcement.ChainHash} is not ours");
        // BOLT #7: "MUST set `node_id_1` and `node_id_2` to the public keys of the two nodes
        // operating the channel, such that `node_id_1` is the lexicographically-lesser of the
        // two compressed keys sorted in ascending lexicographic order."
        if (announcement.NodeId1 >= announcement.NodeId2)
            return GossipVerdict.Reject(GossipProblem.NodeIdsNotOrdered, GossipResponse.Warn, "node_id_1 is not less than node_id_2");
        var hash = GossipHash.Of(announcement);
        // BOLT #7: "if `bitcoin_signature_1`, `bitcoin_signature_2`, `node_signature_1` OR
        // `node_signature_2` are invalid OR NOT correct: - SHOULD send a `warning`. - MAY close the connection.
        // - MUST ignore the message."
        if (!GossipSignatures.Verify(announcement.NodeId1.Key, hash, announcement.NodeSignature1))
            return BadSignature("node_signature_1");
        if (!GossipSignatures.Verify(announcement.NodeId2.Key, hash, announcement.NodeSignature2))
            return BadSignature("node_signature_2");
        if (!GossipSignatures.Verify(announcement.BitcoinKey1, hash, announcement.BitcoinSignature1))
            return BadSignature("bitcoin_signature_1");
        if (!GossipSignatures.Verify(announcement.BitcoinKey2, hash, announcement.BitcoinSignature2))
            return BadSignature("bitcoin_signature_2");
        // BOLT #7: "if there is an unknown even bit in the `features` field: - MUST NOT attempt to route messages
        // through the channel."
        // Such a channel is of no use to us, so it is not kept at all (its updates are then ignored too).
        var unknown = FeatureRules.UnknownRequiredBits(announcement.Features, localFeatures);
        if (unknown.Count > 0)
            return GossipVerdict.Ignore(GossipProblem.UnknownRequiredFeatures, string.Join("; ", unknown));
        return GossipVerdict.Accepted;
    }

    private static GossipVerdict BadSignature(string field) =>
        GossipVerdict.Reject(GossipProblem.InvalidSignature, GossipResponse.Warn, $"{field} does not sign the announcement");

    /// <summary>
    /// The output script <c>short_channel_id</c>'s output must have: P2WSH of the 2-of-2 multisig of the two
    /// bitcoin keys, as BOLT 3 builds the funding output.
    /// </summary>
    // BOLT #7: "if the `short_channel_id`'s output does NOT correspond to a P2WSH (using
    // `bitcoin_key_1` and `bitcoin_key_2`, as specified in BOLT #3) OR the output is
    // spent: - MUST ignore the message."
    public static Script ExpectedFundingScript(ChannelAnnouncementMessage announcement)
    {
        ArgumentNullException.ThrowIfNull(announcement);
        return Bolt3Scripts.FundingOutput(announcement.BitcoinKey1, announcement.BitcoinKey2);
    }

    /// <summary>
    /// Checks a peer's <c>announcement_signatures</c> against the announcement both sides build for the channel.
    /// </summary>
    /// <param name="signatures">The peer's message.</param>
    /// <param name="announcement">Our announcement for the channel (its signatures are not read).</param>
    /// <param name="remoteNodeId">The peer's node id.</param>
    public static GossipVerdict ValidateAnnouncementSignatures(AnnouncementSignaturesMessage signatures,
        ChannelAnnouncementMessage announcement, NodeId remoteNodeId)
    {
        ArgumentNullException.ThrowIfNull(signatures);
        ArgumentNullException.ThrowIfNull(announcement);
        ArgumentNullException.ThrowIfNull(remoteNodeId);
        // BOLT #7: "If the `short_channel_id` doesn't match one of its funding transactions: - SHOULD send a `warning`."
        if (signatures.ShortChannelId != announcement.ShortChannelId)
        {
            return GossipVerdict.Reject(GossipProblem.ShortChannelIdMismatch, GossipResponse.Warn,
                $"announcement_signatures for {signatures.ShortChannelId}, the channel is {announcement.ShortChannelId}");
        }
        var remoteIsNode1 = announcement.NodeId1 == remoteNodeId;
        if (!remoteIsNode1 && announcement.NodeId2 != remoteNodeId)
            throw new ArgumentException($"{remoteNodeId} is neither end of the announcement", nameof(remoteNodeId));
        var bitcoinKey = remoteIsNode1 ? announcement.BitcoinKey1 : announcement.BitcoinKey2;
        var hash = GossipHash.Of(announcement);
        // BOLT #7: "If the `node_signature` OR the `bitcoin_signature` is NOT correct: - MAY send a `warning` and close
        // the connection, or send an `error` and fail the channel."
        if (!GossipSignatures.Verify(remoteNodeId.Key, hash, signatures.NodeSignature))
            return GossipVerdict.Reject(GossipProblem.InvalidSignature, GossipResponse.WarnAndDisconnect,
                "node_signature does not sign the announcement");
        if (!GossipSignatures.Verify(bitcoinKey, hash, signatures.BitcoinSignature))
            return GossipVerdict.Reject(GossipProblem.InvalidSignature, GossipResponse.WarnAndDisconnect,
                "bitcoin_signature does not sign the announcement");
        return GossipVerdict.Accepted;
    }
}
