using Fulgur.Node.Routing;
using Fulgur.Node.Storage;
using Fulgur.Protocol.Gossip;
using Fulgur.Protocol.Onion;
using Fulgur.Protocol.Types;
using Fulgur.Protocol.Wire;
using Fulgur.Protocol.Wire.Messages;

namespace Fulgur.Node.Payments;

/// <summary>sendpay's error codes (interfaces.md "sendpay", Core Lightning's numbers).</summary>
public static class PayErrorCodes
{
    public const int InProgress = 200;
    public const int RhashAlreadyUsed = 201;
    public const int UnparseableOnion = 202;
    public const int DestinationPermFail = 203;
    public const int TryOtherRoute = 204;

    /// <summary>waitsendpay for a hash never sent (Core Lightning's PAY_NO_SUCH_PAYMENT).</summary>
    public const int NoSuchPayment = 208;
}

/// <summary>
/// The origin's reading of a failed HTLC (pure): which hop of the route failed and how, as sendpay reports it, and the
/// <see cref="RoutingFailure"/> the route table learns from.
/// </summary>
public static class FailureAttribution
{
    /// <summary>The short channel id sendpay shows for a failure at the destination: <c>0:0:0</c>.</summary>
    public static readonly ShortChannelId DestinationChannel = new(0);

    /// <summary>
    /// Attributes the peer's <c>update_fail_htlc</c> or <c>update_fail_malformed_htlc</c> for our HTLC along
    /// <paramref name="route"/>, built with <paramref name="secrets"/>.
    /// </summary>
    public static PaymentFailure Attribute(IWireMessage failure, IReadOnlyList<PaymentHop> route, IReadOnlyList<SharedSecret> secrets,
        NodeId self)
    {
        ArgumentNullException.ThrowIfNull(failure);
        ArgumentNullException.ThrowIfNull(route);
        switch (failure)
        {
            // The first hop could not peel our onion: it reports the BADONION code itself, unwrapped.
            case UpdateFailMalformedHtlcMessage malformed:
                return Remote(route, 1, malformed.FailureCode.Value, null, "reply from remote");
            case UpdateFailHtlcMessage fail:
                // BOLT #4: "SHOULD continue decrypting, until the loop has been repeated 27 times"
                if (!FailurePacket.TryUnwrap(fail.Reason.Span, secrets, out var unwrapped)
                    || !FailureMessage.TryReadCode(unwrapped.Message, out var code))
                {
                    return new PaymentFailure(PayErrorCodes.UnparseableOnion, "Malformed error reply", 0, self, route[0].Channel, 0, null,
                        fail.Reason.ToArray());
                }
                byte[]? update = null;
                if (FailureMessage.TryRead(unwrapped.Message, out var message, out _) && message.TryGetChannelUpdate(out var raw) && !raw.IsEmpty)
                    update = raw.ToArray();
                return Remote(route, unwrapped.ErringIndex + 1, code.Value, update, "reply from remote");
            default:
                return Local(self, route[0].Channel, FailureCode.TemporaryChannelFailure, "outcome unknown");
        }
    }

    /// <summary>A failure at our own first hop (erring index 0), always 204.</summary>
    public static PaymentFailure Local(NodeId self, ShortChannelId firstChannel, FailureCode code, string detail) =>
        new(PayErrorCodes.TryOtherRoute, Message(code.Value, detail), 0, self, firstChannel, code.Value, null, null);

    /// <summary>
    /// A failure reported by node <paramref name="index"/> of the route (1-based): that node, the channel it could not
    /// forward over (<c>0:0:0</c> at the destination); 203 for a PERM failure from the destination, else 204.
    /// </summary>
    public static PaymentFailure Remote(IReadOnlyList<PaymentHop> route, int index, ushort failcode, byte[]? channelUpdate, string detail)
    {
        ArgumentNullException.ThrowIfNull(route);
        var atDestination = index >= route.Count;
        var erringNode = route[Math.Min(index, route.Count) - 1].Id;
        var erringChannel = atDestination ? DestinationChannel : route[index].Channel;
        var code = atDestination && (failcode & FailureCode.PermFlag) != 0 ? PayErrorCodes.DestinationPermFail : PayErrorCodes.TryOtherRoute;
        return new PaymentFailure(code, Message(failcode, detail), index, erringNode, erringChannel, failcode, channelUpdate, null);
    }

    /// <summary>interfaces.md: "The message reads `failed: WIRE_&lt;FAILURE_NAME&gt; (&lt;detail&gt;)`".</summary>
    public static string Message(ushort failcode, string detail) => $"failed: {FailureCode.Name(new FailureCode(failcode))} ({detail})";

    /// <summary>
    /// What the route table learns from a failure reported by a hop (index ≥ 1): the erring node and the direction of the
    /// channel it could not use, and the channel_update it carried when its signature is the erring node's.
    /// </summary>
    public static RoutingFailure? ToRoutingFailure(PaymentFailure failure, IReadOnlyList<PaymentHop> route)
    {
        ArgumentNullException.ThrowIfNull(failure);
        ArgumentNullException.ThrowIfNull(route);
        if (failure.ErringIndex <= 0 || failure.Code == PayErrorCodes.UnparseableOnion)
            return null;
        var fromFinal = failure.ErringIndex >= route.Count;
        ShortChannelId? channel = fromFinal ? null : failure.ErringChannel;
        var direction = Routing.ChannelDirection.FromNode1;
        if (!fromFinal)
        {
            var next = route[failure.ErringIndex].Id;
            direction = failure.ErringNode < next ? Routing.ChannelDirection.FromNode1 : Routing.ChannelDirection.FromNode2;
        }
        var update = failure.ChannelUpdate is { } raw ? ParseUpdate(raw, failure.ErringNode) : null;
        return new RoutingFailure(failure.ErringNode, channel, direction, failure.FailCode, update, fromFinal);
    }

    /// <summary>A failure's channel_update (with or without its 2-byte type), if well-formed and signed by <paramref name="origin"/>.</summary>
    public static ChannelDirectionUpdate? ParseUpdate(byte[] raw, NodeId origin)
    {
        ArgumentNullException.ThrowIfNull(raw);
        ArgumentNullException.ThrowIfNull(origin);
        ReadOnlySpan<byte> span = raw;
        if (span.Length >= 2 && span[0] == 0x01 && span[1] == 0x02)
            span = span[2..];
        var reader = new WireReader(span);
        if (!ChannelUpdateMessage.TryReadPayload(ref reader, out var update))
            return null;
        var signature = update.Signature.IsLowS ? update.Signature : update.Signature.Normalize();
        // BOLT #7: "if `signature` is not a valid signature, using `node_id` of the double-SHA256 of the entire message following the `signature` field (including unknown fields following `fee_proportional_millionths`):"
        if (!origin.Key.Verify(GossipHash.Of(update), signature))
            return null;
        var policy = new ChannelPolicy(update.IsDisabled, update.HtlcMinimumMsat, update.HtlcMaximumMsat, update.FeeBaseMsat,
            update.FeeProportionalMillionths, update.CltvExpiryDelta.Value);
        return new ChannelDirectionUpdate(update.ShortChannelId, (Routing.ChannelDirection)(byte)update.Direction, update.Timestamp.Value, policy);
    }
}
