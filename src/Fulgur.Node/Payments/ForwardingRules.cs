using Fulgur.Node.Channels;
using Fulgur.Protocol.Onion;
using Fulgur.Protocol.Types;

namespace Fulgur.Node.Payments;

/// <summary>
/// The HTLC switch's pure decisions (no I/O): whether an incoming HTLC may be forwarded as its onion asks, and what an
/// HTLC for which we are the final hop must satisfy before the invoice is consulted. Each answers null when the HTLC
/// passes, else the BOLT 4 failure to return.
/// </summary>
public static class ForwardingRules
{
    /// <summary>The fewest blocks an outgoing HTLC must have left before it expires (our margin to resolve it on-chain).</summary>
    public const uint MinBlocksToExpiry = 3;

    /// <summary>The furthest in the future an incoming HTLC may expire (Core Lightning's <c>max_htlc_cltv</c>, 2016 blocks).</summary>
    public const uint MaxBlocksToExpiry = 2016;

    /// <summary>
    /// The forwarding checks, in the order BOLT 4 lists the failures ("SHOULD select the first error it encounters
    /// from the list above"). <paramref name="channelUpdate"/> gives our current channel_update of the outgoing channel
    /// for the failures that carry one.
    /// </summary>
    public static FailureMessage? CheckForward(
        MilliSatoshi incomingAmount,
        CltvExpiry incomingExpiry,
        MilliSatoshi amountToForward,
        CltvExpiry outgoingCltvValue,
        ForwardingChannel? outgoing,
        ForwardingPolicy policy,
        BlockHeight height,
        Func<ByteVector> channelUpdate)
    {
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(channelUpdate);
        // BOLT #4: "if the receiving peer specified by the onion is NOT known:" "return an `unknown_next_peer` error."
        if (outgoing is null || outgoing.ShortChannelId is null)
            return new UnknownNextPeer();
        // BOLT #4: "if an otherwise unspecified, permanent error occurs during forwarding to its receiving peer (e.g. channel recently closed):"
        if (outgoing.IsClosing)
            return new PermanentChannelFailure();
        // BOLT #4: "if the HTLC amount is less than the currently specified minimum amount:"
        if (amountToForward < outgoing.HtlcMinimum || amountToForward.Value <= 0)
            return new AmountBelowMinimum(amountToForward, channelUpdate());
        // BOLT #4: "if the HTLC does NOT pay a sufficient fee:"
        if (incomingAmount < amountToForward || incomingAmount - amountToForward < policy.FeeFor(amountToForward))
            return new FeeInsufficient(incomingAmount, channelUpdate());
        // BOLT #4: "if the incoming `cltv_expiry` minus the `outgoing_cltv_value` is below the `cltv_expiry_delta` for the outgoing channel:"
        if ((long)incomingExpiry.Value - outgoingCltvValue.Value < policy.CltvExpiryDelta.Value)
            return new IncorrectCltvExpiry(outgoingCltvValue, channelUpdate());
        // BOLT #4: "if the `cltv_expiry` is unreasonably near the present:"
        if ((long)outgoingCltvValue.Value < (long)height.Value + MinBlocksToExpiry)
            return new ExpiryTooSoon(channelUpdate());
        // BOLT #4: "if the `cltv_expiry` is more than `max_htlc_cltv` in the future:"
        if ((long)incomingExpiry.Value > (long)height.Value + MaxBlocksToExpiry)
            return new ExpiryTooFar();
        // BOLT #4: "if the channel is disabled:" "return a `channel_disabled` error."
        if (!outgoing.IsNormal || !outgoing.PeerConnected)
            return new ChannelDisabled(0, channelUpdate());
        // Above what we may offer over the channel at once: a transient failure of the outgoing channel.
        if (amountToForward > outgoing.HtlcMaximum)
            return new TemporaryChannelFailure(channelUpdate());
        return null;
    }

    /// <summary>
    /// The final node's checks of the HTLC against its own onion payload (the invoice is checked afterwards).
    /// </summary>
    public static FailureMessage? CheckFinal(MilliSatoshi htlcAmount, CltvExpiry htlcExpiry, HopPayload payload, BlockHeight height)
    {
        ArgumentNullException.ThrowIfNull(payload);
        // BOLT #4: "if the `cltv_expiry` from the final node's HTLC is below `outgoing_cltv_value`:"
        if (payload.OutgoingCltvValue is { } cltv && htlcExpiry < cltv)
            return new FinalIncorrectCltvExpiry(htlcExpiry);
        // BOLT #4: "if `amount_msat` from the final node's HTLC is below `amt_to_forward`:"
        if (payload.AmtToForward is { } amount && htlcAmount < amount)
            return new FinalIncorrectHtlcAmount(htlcAmount);
        // A multi-part payment (total above this part) is not accepted yet: the parts would never complete.
        if (payload.TotalMsat is { } total && payload.AmtToForward is { } part && total > part)
            return new IncorrectOrUnknownPaymentDetails(htlcAmount, height);
        return null;
    }
}
