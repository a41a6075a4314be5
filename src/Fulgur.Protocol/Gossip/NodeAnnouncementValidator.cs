using Fulgur.Protocol.Wire.Features;
using Fulgur.Protocol.Wire.Messages;

namespace Fulgur.Protocol.Gossip;

/// <summary>What the gossip engine knows about the node a <c>node_announcement</c> comes from.</summary>
/// <param name="IsKnownFromChannel">The node is an end of a channel we accepted a <c>channel_announcement</c> for.</param>
/// <param name="LastTimestamp">The timestamp of the last <c>node_announcement</c> we accepted from it, if any.</param>
/// <param name="LocalFeatures">Every feature we support.</param>
public sealed record NodeAnnouncementContext(bool IsKnownFromChannel, GossipTimestamp? LastTimestamp, FeatureBits LocalFeatures);

/// <summary>The checks a receiver makes on a <c>node_announcement</c>.</summary>
public static class NodeAnnouncementValidator
{
    /// <summary>Signature, then whether the node is known and the announcement newer, then addresses and features.</summary>
    public static GossipVerdict Validate(NodeAnnouncementMessage announcement, NodeAnnouncementContext context)
    {
        ArgumentNullException.ThrowIfNull(announcement);
        ArgumentNullException.ThrowIfNull(context);
        // BOLT #7: "if `signature` is NOT a valid signature (using `node_id` of the
        // double-SHA256 of the entire message following the `signature` field, including
        // any future fields appended to the end): - SHOULD send a `warning`. - MAY close the connection.
        // - MUST NOT process the message further."
        if (!GossipSignatures.Verify(announcement.NodeId.Key, GossipHash.Of(announcement), announcement.Signature))
            return GossipVerdict.Reject(GossipProblem.InvalidSignature, GossipResponse.Warn, "signature does not match node_id");
        // BOLT #7: "if `node_id` is NOT previously known from a `channel_announcement` message,
        // OR if `timestamp` is NOT greater than the last-received `node_announcement`
        // from this `node_id`: - SHOULD ignore the message."
        if (!context.IsKnownFromChannel)
            return GossipVerdict.Ignore(GossipProblem.UnknownNode, $"{announcement.NodeId} has no announced channel");
        if (context.LastTimestamp is { } last && announcement.Timestamp <= last)
        {
            return announcement.Timestamp == last
                ? GossipVerdict.Ignore(GossipProblem.Duplicate, $"timestamp {announcement.Timestamp} is the one we have")
                : GossipVerdict.Ignore(GossipProblem.Stale, $"timestamp {announcement.Timestamp} is older than {last}");
        }
        var verdict = GossipVerdict.Accepted;
        // BOLT #7: "if `addrlen` is insufficient to hold the address descriptors of the
        // known types: - SHOULD send a `warning`. - MAY close the connection."
        if (announcement.Addresses.Problem == NodeAddressListProblem.Truncated)
            verdict = verdict.Restrict(GossipRestrictions.None, GossipProblem.AddressesTruncated,
                "addrlen cuts an address descriptor short") with { Response = GossipResponse.Warn };
        // BOLT #7: "if more than one `type 5` address is announced: - SHOULD ignore the additional data.
        // - MUST not forward the `node_announcement`."
        if (announcement.Addresses.HasSeveralHostnames)
            verdict = verdict.Restrict(GossipRestrictions.DoNotRelay, GossipProblem.SeveralHostnames, "more than one DNS hostname");
        // BOLT #7: "if `features` field contains _unknown even bits_: - SHOULD NOT connect to the node."
        var unknown = FeatureRules.UnknownRequiredBits(announcement.Features, context.LocalFeatures);
        if (unknown.Count > 0)
        {
            // BOLT #7: "MUST NOT route a payment _through_ the node."
            var restrictions = GossipRestrictions.DoNotConnect | GossipRestrictions.DoNotRouteThrough;
            verdict = verdict.Restrict(restrictions, GossipProblem.UnknownRequiredFeatures, string.Join("; ", unknown));
        }
        return verdict;
    }

    /// <summary>Whether <paramref name="candidate"/> replaces <paramref name="current"/> (same node, newer timestamp).</summary>
    // BOLT #7: "if `timestamp` is greater than the last-received `node_announcement` from
    // this `node_id`: - SHOULD queue the message for rebroadcasting."
    public static bool Replaces(NodeAnnouncementMessage candidate, NodeAnnouncementMessage current)
    {
        ArgumentNullException.ThrowIfNull(candidate);
        ArgumentNullException.ThrowIfNull(current);
        return candidate.NodeId == current.NodeId && candidate.Timestamp > current.Timestamp;
    }
}
