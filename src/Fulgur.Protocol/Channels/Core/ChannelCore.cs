using System.Collections.Immutable;
using Fulgur.Bitcoin;
using Fulgur.Bitcoin.Fees;
using Fulgur.Bitcoin.Transactions;
using Fulgur.Protocol.Types;
using Fulgur.Protocol.Wire.Features;
using Fulgur.Protocol.Wire.Messages;
using Fulgur.Protocol.Wire.Tlv;

namespace Fulgur.Protocol.Channels.Core;

/// <summary>
/// The BOLT 2 channel state machine as pure functions: a state and an input (a peer message or a node command) in, a
/// <see cref="ChannelStep"/> out. No I/O, clock or randomness: secrets live behind <see cref="IChannelSigner"/>.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Performance", "CA1822", Justification = "Commands and handlers are one instance API whether or not they sign.")]
public sealed partial class ChannelCore(IChannelSigner signer)
{
    /// <summary>BOLT #2: "`max_accepted_htlcs` is greater than 483."</summary>
    public const ushort MaxAcceptedHtlcsLimit = 483;

    /// <summary>BOLT #2: "`dust_limit_satoshis` is smaller than `354 satoshis`"</summary>
    public static readonly Satoshi MinDustLimit = new(354);

    private static readonly FeatureBits StaticRemoteKeyType = FeatureBits.FromBits(12);

    private readonly IChannelSigner _signer = signer ?? throw new ArgumentNullException(nameof(signer));

    public IChannelSigner Signer => _signer;

    /// <summary>
    /// Funder: the <c>open_channel</c> that starts a channel; <paramref name="announce"/> false opens a private channel.
    /// </summary>
    public ChannelStep Open(ChannelConfig config, ChannelId temporaryChannelId, Satoshi funding, MilliSatoshi push, FeeRate feerate, bool announce = true)
    {
        ArgumentNullException.ThrowIfNull(config);
        var bp = _signer.Basepoints;
        var l = config.Limits;
        // BOLT #7: "The willingness of the initiating node to announce the channel is signaled during channel opening by setting the `announce_channel` bit in `channel_flags`"
        var flags = announce ? OpenChannelMessage.AnnounceChannelBit : (byte)0;
        var open = new OpenChannelMessage(
            config.ChainHash, temporaryChannelId, funding, push, l.DustLimit, l.MaxHtlcValueInFlight, l.ChannelReserve, l.HtlcMinimum, feerate,
            l.ToSelfDelay, l.MaxAcceptedHtlcs, bp.FundingPubkey, bp.RevocationBasepoint, bp.PaymentBasepoint, bp.DelayedPaymentBasepoint,
            bp.HtlcBasepoint, _signer.PerCommitmentPoint(new CommitmentNumber(0)), flags, ByteVector.Empty, StaticRemoteKeyType, TlvStream.Empty);
        var state = new WaitingForAccept(config, open);
        return new ChannelStep(state, null, [open], [], null);
    }

    /// <summary>Fundee: answers the peer's <c>open_channel</c> with <c>accept_channel</c>, or refuses it.</summary>
    public ChannelStep OnOpenChannel(ChannelConfig config, OpenChannelMessage open)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(open);
        var fresh = new Closed(null, "refused open_channel", null);
        if (CheckOpen(config, open) is { } reason)
            return ChannelStep.Refuse(fresh, ChannelErrorKind.Close, reason);
        var bp = _signer.Basepoints;
        var l = config.Limits;
        // BOLT #2: "MUST set `channel_reserve_satoshis` greater than or equal to `dust_limit_satoshis` from the `open_channel` message."
        var reserve = l.ChannelReserve < open.DustLimitSatoshis ? open.DustLimitSatoshis : l.ChannelReserve;
        // BOLT #2: "MUST set `dust_limit_satoshis` less than or equal to `channel_reserve_satoshis` from the `open_channel` message."
        if (l.DustLimit > open.ChannelReserveSatoshis)
            return ChannelStep.Refuse(fresh, ChannelErrorKind.Close, "our dust limit exceeds the peer's channel reserve");
        var accept = new AcceptChannelMessage(
            open.TemporaryChannelId, l.DustLimit, l.MaxHtlcValueInFlight, reserve, l.HtlcMinimum, config.MinimumDepth, l.ToSelfDelay,
            l.MaxAcceptedHtlcs, bp.FundingPubkey, bp.RevocationBasepoint, bp.PaymentBasepoint, bp.DelayedPaymentBasepoint, bp.HtlcBasepoint,
            _signer.PerCommitmentPoint(new CommitmentNumber(0)), ByteVector.Empty, open.ChannelType, TlvStream.Empty);
        return new ChannelStep(new WaitingForFundingCreated(config, open, accept), null, [accept], [], null);
    }

    private static string? CheckOpen(ChannelConfig config, OpenChannelMessage open)
    {
        // BOLT #2: "the `chain_hash` value is set to a hash of a chain that is unknown to the receiver."
        if (open.ChainHash != config.ChainHash)
            return "unknown chain_hash";
        // BOLT #2: "`funding_satoshis` is greater than or equal to 2^24 and the receiver does not support `option_support_large_channel`."
        if (open.FundingSatoshis >= new Satoshi(1L << 24) && !config.SupportLargeChannel)
            return "funding_satoshis too large without option_support_large_channel";
        if (open.FundingSatoshis < config.MinFundingAmount || open.FundingSatoshis > Satoshi.MaxMoney)
            return "funding_satoshis out of range";
        // BOLT #2: "`push_msat` is greater than `funding_satoshis` * 1000."
        if (open.PushMsat > MilliSatoshi.FromSatoshi(open.FundingSatoshis) || open.PushMsat < MilliSatoshi.Zero)
            return "push_msat exceeds funding";
        // BOLT #2: "it considers `channel_reserve_satoshis` too large."
        if (open.ChannelReserveSatoshis > open.FundingSatoshis)
            return "channel_reserve_satoshis above the funding amount";
        // BOLT #2: "`to_self_delay` is unreasonably large."
        if (open.ToSelfDelay.Blocks > config.MaxAcceptedToSelfDelay.Blocks)
            return "to_self_delay too large";
        if (CheckLimits(open.MaxAcceptedHtlcs, open.DustLimitSatoshis, open.ChannelReserveSatoshis) is { } limits)
            return limits;
        // BOLT #2: "it considers `feerate_per_kw` too small for timely processing or unreasonably large."
        if (open.FeeratePerKw < config.MinFeerate || open.FeeratePerKw > config.MaxFeerate)
            return $"feerate_per_kw {open.FeeratePerKw} out of range";
        // BOLT #2: "if the message doesn't include a `channel_type`:"
        if (open.ChannelType is null)
            return "no channel_type";
        // BOLT #2: "the `channel_type` is not suitable."
        if (open.ChannelType != StaticRemoteKeyType)
            return "unsupported channel_type";
        // BOLT #2: "the funder's amount for the initial commitment transaction is not sufficient for full [fee payment](03-transactions.md#fee-payment)."
        var funderAmount = MilliSatoshi.FromSatoshi(open.FundingSatoshis) - open.PushMsat;
        var fee = MilliSatoshi.FromSatoshi(Bolt3Fees.CommitmentFee(open.FeeratePerKw, 0, CommitmentFormat.StaticRemoteKey));
        if (funderAmount < fee)
            return "funder cannot pay the initial commitment fee";
        // BOLT #2: "both `to_local` and `to_remote` amounts for the initial commitment transaction are less than or equal to `channel_reserve_satoshis`"
        var reserve = MilliSatoshi.FromSatoshi(config.Limits.ChannelReserve);
        if (funderAmount - fee <= reserve && open.PushMsat <= reserve)
            return "both initial balances are below the channel reserve";
        return null;
    }

    private static string? CheckLimits(ushort maxAcceptedHtlcs, Satoshi dustLimit, Satoshi reserve)
    {
        // BOLT #2: "`max_accepted_htlcs` is greater than 483."
        if (maxAcceptedHtlcs > MaxAcceptedHtlcsLimit)
            return "max_accepted_htlcs above 483";
        // BOLT #2: "`dust_limit_satoshis` is greater than `channel_reserve_satoshis`."
        if (dustLimit > reserve)
            return "dust_limit_satoshis above channel_reserve_satoshis";
        // BOLT #2: "`dust_limit_satoshis` is smaller than `354 satoshis`"
        if (dustLimit < MinDustLimit)
            return "dust_limit_satoshis below 354";
        return null;
    }

    private ChannelStep OnAcceptChannel(WaitingForAccept s, AcceptChannelMessage accept)
    {
        var closed = new Closed(null, "refused accept_channel", null);
        if (accept.TemporaryChannelId != s.Open.TemporaryChannelId)
            return ChannelStep.Refuse(s, ChannelErrorKind.Ignore, "accept_channel for another channel");
        // BOLT #2: "Other fields have the same requirements as their counterparts in `open_channel`."
        if (CheckLimits(accept.MaxAcceptedHtlcs, accept.DustLimitSatoshis, accept.ChannelReserveSatoshis) is { } reason)
            return ChannelStep.Refuse(closed, ChannelErrorKind.Close, reason);
        // BOLT #2: "it considers `channel_reserve_satoshis` too large."
        if (accept.ChannelReserveSatoshis > s.Open.FundingSatoshis)
            return ChannelStep.Refuse(closed, ChannelErrorKind.Close, "channel_reserve_satoshis above the funding amount");
        if (accept.ToSelfDelay.Blocks > s.Config.MaxAcceptedToSelfDelay.Blocks)
            return ChannelStep.Refuse(closed, ChannelErrorKind.Close, "to_self_delay too large");
        // BOLT #2: "if `channel_reserve_satoshis` is less than `dust_limit_satoshis` within the `open_channel` message:"
        if (accept.ChannelReserveSatoshis < s.Open.DustLimitSatoshis)
            return ChannelStep.Refuse(closed, ChannelErrorKind.Close, "channel_reserve_satoshis below our dust limit");
        // BOLT #2: "if `channel_reserve_satoshis` from the `open_channel` message is less than `dust_limit_satoshis`:"
        if (s.Open.ChannelReserveSatoshis < accept.DustLimitSatoshis)
            return ChannelStep.Refuse(closed, ChannelErrorKind.Close, "our channel reserve is below their dust limit");
        // BOLT #2: "if `channel_type` does not match the `channel_type` from `open_channel`:"
        if (accept.ChannelType is null || accept.ChannelType != s.Open.ChannelType)
            return ChannelStep.Refuse(closed, ChannelErrorKind.Close, "channel_type missing or different");
        var script = Bolt3Scripts.FundingOutput(s.Open.FundingPubkey, accept.FundingPubkey);
        return new ChannelStep(new WaitingForFundingOutPoint(s.Config, s.Open, accept), null, [], [new FundingRequested(s.Open.FundingSatoshis, script)], null);
    }

    /// <summary>Funder: the node built (not broadcast) the funding transaction; sign the peer's first commitment.</summary>
    public ChannelStep FundingCreated(ChannelState state, OutPoint fundingOutPoint)
    {
        if (state is not WaitingForFundingOutPoint s)
            return ChannelStep.Refuse(state, ChannelErrorKind.Ignore, "not waiting for a funding outpoint");
        var c = InitialCommitments(
            true, fundingOutPoint, s.Open.FundingSatoshis, s.Open.PushMsat, s.Open.FeeratePerKw, LimitsOf(s.Open), LimitsOf(s.Accept),
            BasepointsOf(s.Accept), s.Accept.FirstPerCommitmentPoint, s.Open.AnnounceChannel);
        if (!c.TryBuildRemote(new CommitmentNumber(0), c.RemoteCommitPoint, out var remote))
            return ChannelStep.Refuse(state, ChannelErrorKind.Close, "cannot build the first commitment");
        var msg = new FundingCreatedMessage(s.Open.TemporaryChannelId, fundingOutPoint.TxId, (ushort)fundingOutPoint.Index, _signer.SignCommitment(remote));
        return new ChannelStep(new WaitingForFundingSigned(s.Config, c), null, [msg], [], null);
    }

    private ChannelStep OnFundingCreated(WaitingForFundingCreated s, FundingCreatedMessage msg)
    {
        var outPoint = new OutPoint(msg.FundingTxid, msg.FundingOutputIndex);
        var c = InitialCommitments(
            false, outPoint, s.Open.FundingSatoshis, s.Open.PushMsat, s.Open.FeeratePerKw, LimitsOf(s.Accept), LimitsOf(s.Open),
            BasepointsOf(s.Open), s.Open.FirstPerCommitmentPoint, s.Open.AnnounceChannel);
        var closed = new Closed(null, "bad funding_created", null);
        if (!c.TryBuildLocal(new CommitmentNumber(0), _signer.PerCommitmentPoint(new CommitmentNumber(0)), out var local)
            || !c.TryBuildRemote(new CommitmentNumber(0), c.RemoteCommitPoint, out var remote))
            return ChannelStep.Refuse(closed, ChannelErrorKind.Close, "cannot build the first commitments");
        // BOLT #2: "if `signature` is incorrect OR non-compliant with LOW-S-standard rule"
        if (!msg.Signature.IsLowS || !Bolt3Signatures.Verify(local, c.Params.RemoteBasepoints.FundingPubkey, msg.Signature))
            return ChannelStep.Refuse(closed, ChannelErrorKind.Close, "invalid funding_created signature");
        c = c with { LocalCommitSignature = msg.Signature };
        var signed = new FundingSignedMessage(c.Params.ChannelId, _signer.SignCommitment(remote));
        return ChannelStep.Changed(new AwaitingChannelReady(c, false), [signed]);
    }

    private ChannelStep OnFundingSigned(WaitingForFundingSigned s, FundingSignedMessage msg)
    {
        var c = s.Commitments;
        if (!c.TryBuildLocal(new CommitmentNumber(0), _signer.PerCommitmentPoint(new CommitmentNumber(0)), out var local))
            return ChannelStep.Refuse(s, ChannelErrorKind.Close, "cannot build the first commitment");
        // BOLT #2: "if `signature` is incorrect OR non-compliant with LOW-S-standard rule"
        if (!msg.Signature.IsLowS || !Bolt3Signatures.Verify(local, c.Params.RemoteBasepoints.FundingPubkey, msg.Signature))
            return ChannelStep.Refuse(new Closed(null, "invalid funding_signed signature", null), ChannelErrorKind.Close, "invalid funding_signed signature");
        c = c with { LocalCommitSignature = msg.Signature };
        return ChannelStep.Changed(new AwaitingChannelReady(c, false), events: [new FundingSafeToBroadcast(c.Params.FundingOutPoint)]);
    }

    /// <summary>The node saw the funding transaction reach our <c>minimum_depth</c>: send <c>channel_ready</c>.</summary>
    public ChannelStep FundingConfirmed(ChannelState state)
    {
        if (state is not AwaitingChannelReady s || s.ReadySent)
            return ChannelStep.Refuse(state, ChannelErrorKind.Ignore, "not waiting for funding depth");
        var ready = ChannelReady(s.Commitments);
        return s.Commitments.RemoteNextPoint is null
            ? ChannelStep.Changed(s with { ReadySent = true }, [ready])
            : ChannelStep.Changed(new Normal(s.Commitments), [ready], [new ChannelBecameReady(s.Commitments.Params.ChannelId)]);
    }

    private ChannelReadyMessage ChannelReady(Commitments c) =>
        // BOLT #2: "MUST set `second_per_commitment_point` to the per-commitment point to be used for commitment transaction #1"
        new(c.Params.ChannelId, _signer.PerCommitmentPoint(new CommitmentNumber(1)));

    private static ChannelStep OnChannelReady(AwaitingChannelReady s, ChannelReadyMessage msg)
    {
        var c = s.Commitments with { RemoteNextPoint = msg.SecondPerCommitmentPoint };
        return s.ReadySent
            ? ChannelStep.Changed(new Normal(c), events: [new ChannelBecameReady(c.Params.ChannelId)])
            : ChannelStep.Changed(s with { Commitments = c });
    }

    private Commitments InitialCommitments(
        bool localIsFunder, OutPoint outPoint, Satoshi funding, MilliSatoshi push, FeeRate feerate, ChannelLimits local, ChannelLimits remote,
        ChannelBasepoints remoteBasepoints, Fulgur.Crypto.PublicKey remoteFirstPoint, bool announce)
    {
        var total = MilliSatoshi.FromSatoshi(funding);
        var channelId = ChannelId.FromFundingOutput(outPoint.TxId.ToBytes(), (ushort)outPoint.Index);
        var p = new ChannelParams(channelId, localIsFunder, outPoint, funding, local, remote, _signer.Basepoints, remoteBasepoints,
            CommitmentFormat.StaticRemoteKey, announce);
        return new Commitments(
            p, localIsFunder ? total - push : push, localIsFunder ? push : total - push, feerate, [], [], 0, 0,
            new CommitmentNumber(0), PlaceholderSignature, [], new CommitmentNumber(0), remoteFirstPoint, null, false,
            Commitments.EmptyShaChain, [], [], false);
    }

    // Stands for "not yet received" before funding_created/funding_signed; never sent nor broadcast.
    private static readonly Fulgur.Crypto.EcdsaSignature PlaceholderSignature =
        Fulgur.Crypto.EcdsaSignature.TryParseCompact(PlaceholderBytes(), out var sig) ? sig : throw new InvalidOperationException();

    private static byte[] PlaceholderBytes()
    {
        var bytes = new byte[64];
        bytes[31] = 1;
        bytes[63] = 1;
        return bytes;
    }

    private static ChannelLimits LimitsOf(OpenChannelMessage m) =>
        new(m.DustLimitSatoshis, m.MaxHtlcValueInFlightMsat, m.ChannelReserveSatoshis, m.HtlcMinimumMsat, m.ToSelfDelay, m.MaxAcceptedHtlcs);

    private static ChannelLimits LimitsOf(AcceptChannelMessage m) =>
        new(m.DustLimitSatoshis, m.MaxHtlcValueInFlightMsat, m.ChannelReserveSatoshis, m.HtlcMinimumMsat, m.ToSelfDelay, m.MaxAcceptedHtlcs);

    private static ChannelBasepoints BasepointsOf(OpenChannelMessage m) =>
        new(m.FundingPubkey, m.RevocationBasepoint, m.PaymentBasepoint, m.DelayedPaymentBasepoint, m.HtlcBasepoint);

    private static ChannelBasepoints BasepointsOf(AcceptChannelMessage m) =>
        new(m.FundingPubkey, m.RevocationBasepoint, m.PaymentBasepoint, m.DelayedPaymentBasepoint, m.HtlcBasepoint);

    /// <summary>Handles one message from the peer.</summary>
    public ChannelStep Receive(ChannelState state, IWireMessage message)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(message);
        return (state, message) switch
        {
            (WaitingForAccept s, AcceptChannelMessage m) => OnAcceptChannel(s, m),
            (WaitingForFundingCreated s, FundingCreatedMessage m) => OnFundingCreated(s, m),
            (WaitingForFundingSigned s, FundingSignedMessage m) => OnFundingSigned(s, m),
            (AwaitingChannelReady s, ChannelReadyMessage m) => OnChannelReady(s, m),
            // BOLT #2: a repeated channel_ready (after reconnection) is harmless once open.
            (Normal or ShuttingDown or Negotiating, ChannelReadyMessage) => ChannelStep.Refuse(state, ChannelErrorKind.Ignore, "repeated channel_ready"),
            (_, ChannelReestablishMessage m) => OnReestablish(state, m),
            (Normal or ShuttingDown, UpdateAddHtlcMessage m) => OnUpdateAdd(state, m),
            (Normal or ShuttingDown, UpdateFulfillHtlcMessage m) => OnRemoval(state, m.Id, m),
            (Normal or ShuttingDown, UpdateFailHtlcMessage m) => OnRemoval(state, m.Id, m),
            (Normal or ShuttingDown, UpdateFailMalformedHtlcMessage m) => OnRemoval(state, m.Id, m),
            (Normal or ShuttingDown, UpdateFeeMessage m) => OnUpdateFee(state, m),
            (Normal or ShuttingDown, CommitmentSignedMessage m) => OnCommitmentSigned(state, m),
            (Normal or ShuttingDown, RevokeAndAckMessage m) => OnRevokeAndAck(state, m),
            (Normal or ShuttingDown, ShutdownMessage m) => OnShutdown(state, m),
            (Negotiating s, ClosingSignedMessage m) => OnClosingSigned(s, m),
            (Negotiating s, ShutdownMessage) => ChannelStep.Refuse(s, ChannelErrorKind.Ignore, "repeated shutdown"),
            _ => ChannelStep.Refuse(state, ChannelErrorKind.WarnAndDisconnect, $"unexpected {message.Type} in {state.GetType().Name}"),
        };
    }

    /// <summary>Replaces the commitments inside a phase that carries them.</summary>
    private static ChannelState With(ChannelState state, Commitments c) => state switch
    {
        Normal s => s with { Commitments = c },
        ShuttingDown s => s with { Commitments = c },
        Negotiating s => s with { Commitments = c },
        AwaitingChannelReady s => s with { Commitments = c },
        _ => throw new InvalidOperationException($"{state.GetType().Name} has no commitments"),
    };

    /// <summary>A violation that fails the channel: we keep the commitments so the node can broadcast our latest one.</summary>
    private static ChannelStep Fail(ChannelState state, string reason)
    {
        var closed = new Closed(state.CommitmentsOrNull(), reason, null);
        return new ChannelStep(closed, closed, [], [], new ChannelFailure(ChannelErrorKind.Close, reason));
    }
}
