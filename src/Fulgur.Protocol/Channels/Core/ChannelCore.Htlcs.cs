using Fulgur.Bitcoin;
using Fulgur.Bitcoin.Fees;
using Fulgur.Crypto;
using Fulgur.Protocol.Onion;
using Fulgur.Protocol.Types;
using Fulgur.Protocol.Wire.Messages;

namespace Fulgur.Protocol.Channels.Core;

/// <summary>Why we refuse to offer an HTLC; the HTLC switch turns it into <c>temporary_channel_failure</c>.</summary>
public enum AddHtlcRefusal
{
    None = 0,
    ChannelNotNormal,
    AmountBelowMinimum,
    TooManyHtlcs,
    MaxInFlightExceeded,
    CapacityExceeded,
    InvalidExpiry,
    InvalidOnion,
}

public sealed partial class ChannelCore
{
    /// <summary>BOLT #2: "MUST set `cltv_expiry` less than 500000000."</summary>
    public const uint MaxCltvExpiry = 500_000_000;

    /// <summary>The feerate above which we call an <c>update_fee</c> "unreasonably large" (4,000 sat/vB).</summary>
    public static readonly FeeRate MaxUpdateFeerate = new(1_000_000);

    /// <summary>Offers an HTLC (not yet signed). On success the step's update carries the id we gave it.</summary>
    public ChannelStep AddHtlc(
        ChannelState state, MilliSatoshi amount, PaymentHash paymentHash, CltvExpiry expiry, ByteVector onion, out ulong id, out AddHtlcRefusal refusal)
    {
        id = 0;
        refusal = AddHtlcRefusal.ChannelNotNormal;
        if (state is not Normal { Commitments: var c })
            return ChannelStep.Refuse(state, ChannelErrorKind.Ignore, "channel is not open for new HTLCs");
        var htlc = new Htlc(true, c.LocalNextHtlcId, amount, paymentHash, expiry, onion, HtlcState.SentAddHtlc, null);
        refusal = onion.Length != UpdateAddHtlcMessage.OnionRoutingPacketLength ? AddHtlcRefusal.InvalidOnion : CheckAdd(c, htlc, sending: true);
        if (refusal != AddHtlcRefusal.None)
            return ChannelStep.Refuse(state, ChannelErrorKind.Ignore, $"cannot add HTLC: {refusal}");
        id = htlc.Id;
        var msg = new UpdateAddHtlcMessage(c.Params.ChannelId, htlc.Id, amount, paymentHash, expiry, onion, null, Wire.Tlv.TlvStream.Empty);
        c = c with { Htlcs = c.Htlcs.Add(htlc), LocalNextHtlcId = htlc.Id + 1, UnsignedSent = c.UnsignedSent.Add(msg) };
        return ChannelStep.Changed(With(state, c), [msg]);
    }

    /// <summary>
    /// The BOLT 2 checks of an HTLC offered by <paramref name="htlc"/>.Offered's side, against the receiver's limits
    /// and the offerer's means, on the state with every update proposed so far.
    /// </summary>
    private static AddHtlcRefusal CheckAdd(Commitments c, Htlc htlc, bool sending)
    {
        // The receiver's limits: the peer's when we offer, ours when they do.
        var receiverLimits = sending ? c.Params.RemoteLimits : c.Params.LocalLimits;
        // BOLT #2: "MUST offer `amount_msat` greater than 0."
        // BOLT #2: "MUST NOT offer `amount_msat` below the receiving node's `htlc_minimum_msat`"
        if (htlc.Amount <= MilliSatoshi.Zero || htlc.Amount < receiverLimits.HtlcMinimum)
            return AddHtlcRefusal.AmountBelowMinimum;
        // No HTLC can exceed the channel (this also keeps the arithmetic below far from overflow).
        if (htlc.Amount > MilliSatoshi.FromSatoshi(c.Params.FundingAmount))
            return AddHtlcRefusal.CapacityExceeded;
        // BOLT #2: "MUST set `cltv_expiry` less than 500000000."
        if (htlc.CltvExpiry.Value >= MaxCltvExpiry)
            return AddHtlcRefusal.InvalidExpiry;
        // When receiving, our own adds the peer may not have seen yet do not count against it.
        Func<Htlc, bool>? unseen = sending ? null : h => h.Offered && h.State is HtlcState.SentAddHtlc or HtlcState.SentAddCommit;
        var withNew = c with { Htlcs = c.Htlcs.Add(htlc) };
        var offered = withNew.Htlcs.Where(h => h.Offered == htlc.Offered && h.Removal is null).ToList();
        // BOLT #2: "if result would be offering more than the remote's `max_accepted_htlcs` HTLCs, in the remote commitment transaction:"
        if (offered.Count > receiverLimits.MaxAcceptedHtlcs)
            return AddHtlcRefusal.TooManyHtlcs;
        // BOLT #2: "if the total value of offered HTLCs would exceed the remote's `max_htlc_value_in_flight_msat`:"
        var inFlight = offered.Aggregate(MilliSatoshi.Zero, (sum, h) => sum + h.Amount);
        if ((ulong)inFlight.Value > receiverLimits.MaxHtlcValueInFlight.RawMsat)
            return AddHtlcRefusal.MaxInFlightExceeded;
        // BOLT #2: "receiving an `amount_msat` that the sending node cannot afford at the current `feerate_per_kw` (while maintaining its channel reserve"
        var offererIsLocal = htlc.Offered;
        var offererIsFunder = offererIsLocal == c.Params.LocalIsFunder;
        foreach (var local in new[] { true, false })
        {
            var spec = withNew.ProjectedSpec(local, unseen);
            var dust = local ? c.Params.LocalLimits.DustLimit : c.Params.RemoteLimits.DustLimit;
            var fee = MilliSatoshi.FromSatoshi(Bolt3Fees.CommitmentFee(spec, dust, c.Params.Format));
            // The spec is from its owner's view: "local" of our commitment is us, of theirs is them.
            var offererBalance = offererIsLocal == local ? spec.ToLocal : spec.ToRemote;
            var funderBalance = c.Params.LocalIsFunder == local ? spec.ToLocal : spec.ToRemote;
            // The offerer keeps the reserve the other side asked of it.
            var reserve = MilliSatoshi.FromSatoshi(offererIsLocal ? c.Params.RemoteLimits.ChannelReserve : c.Params.LocalLimits.ChannelReserve);
            var need = offererIsFunder ? fee + reserve : reserve;
            if (offererBalance < need)
                return AddHtlcRefusal.CapacityExceeded;
            // Our offer must also leave the peer (the funder) able to pay the fee (BOLT #2 "SHOULD NOT offer" rule).
            if (sending && !offererIsFunder && funderBalance < fee)
                return AddHtlcRefusal.CapacityExceeded;
        }
        return AddHtlcRefusal.None;
    }

    private ChannelStep OnUpdateAdd(ChannelState state, UpdateAddHtlcMessage m)
    {
        var c = state.CommitmentsOrNull()!;
        if (state is ShuttingDown { RemoteScript: not null })
            return Fail(state, "update_add_htlc after shutdown");
        // BOLT #2: "MUST increase the value of `id` by 1 for each successive offer."
        if (m.Id != c.RemoteNextHtlcId)
            return Fail(state, $"update_add_htlc id {m.Id}, expected {c.RemoteNextHtlcId}");
        var htlc = new Htlc(false, m.Id, m.AmountMsat, m.PaymentHash, m.CltvExpiry, m.OnionRoutingPacket, HtlcState.RcvdAddHtlc, null);
        var refusal = CheckAdd(c, htlc, sending: false);
        if (refusal != AddHtlcRefusal.None)
            return Fail(state, $"update_add_htlc {m.Id} refused: {refusal}");
        c = c with { Htlcs = c.Htlcs.Add(htlc), RemoteNextHtlcId = m.Id + 1 };
        return ChannelStep.Changed(With(state, c));
    }

    /// <summary>Fulfills an HTLC the peer offered us.</summary>
    public ChannelStep FulfillHtlc(ChannelState state, ulong id, Preimage preimage) =>
        SendRemoval(state, id, c => new UpdateFulfillHtlcMessage(c.Params.ChannelId, id, preimage), h => preimage.Hash == h.PaymentHash);

    /// <summary>Fails an HTLC the peer offered us, with the (already wrapped) onion failure.</summary>
    public ChannelStep FailHtlc(ChannelState state, ulong id, ByteVector reason) =>
        SendRemoval(state, id, c => new UpdateFailHtlcMessage(c.Params.ChannelId, id, reason), _ => true);

    /// <summary>Fails an HTLC whose onion we could not parse.</summary>
    public ChannelStep FailMalformedHtlc(ChannelState state, ulong id, Bytes32 sha256OfOnion, FailureCode code) =>
        SendRemoval(state, id, c => new UpdateFailMalformedHtlcMessage(c.Params.ChannelId, id, sha256OfOnion, code),
            _ => (code.Value & FailureCode.BadOnionFlag) != 0);

    private static ChannelStep SendRemoval(ChannelState state, ulong id, Func<Commitments, IWireMessage> build, Func<Htlc, bool> valid)
    {
        if (state is not (Normal or ShuttingDown))
            return ChannelStep.Refuse(state, ChannelErrorKind.Ignore, "channel is not open");
        var c = state.CommitmentsOrNull()!;
        var h = c.Find(offered: false, id);
        // BOLT #2: "until the corresponding HTLC is irrevocably committed in both sides' commitment transactions:"
        if (h is null || h.State != HtlcState.RcvdAddAckRevocation)
            return ChannelStep.Refuse(state, ChannelErrorKind.Ignore, $"HTLC {id} is not irrevocably committed");
        if (!valid(h))
            return ChannelStep.Refuse(state, ChannelErrorKind.Ignore, $"invalid removal of HTLC {id}");
        var msg = build(c);
        c = c with
        {
            Htlcs = c.Htlcs.Replace(h, h with { State = HtlcState.SentRemoveHtlc, Removal = msg }),
            UnsignedSent = c.UnsignedSent.Add(msg),
        };
        return ChannelStep.Changed(With(state, c), [msg]);
    }

    private static ChannelStep OnRemoval(ChannelState state, ulong id, IWireMessage m)
    {
        var c = state.CommitmentsOrNull()!;
        var h = c.Find(offered: true, id);
        // BOLT #2: "if the `id` does not correspond to an HTLC in its current commitment transaction:"
        if (h is null || h.State != HtlcState.SentAddAckRevocation)
            return Fail(state, $"removal of unknown or uncommitted HTLC {id}");
        var events = new List<ChannelEvent>();
        switch (m)
        {
            // BOLT #2: "if the `payment_preimage` value in `update_fulfill_htlc` doesn't SHA256 hash to the corresponding HTLC `payment_hash`:"
            case UpdateFulfillHtlcMessage f when f.PaymentPreimage.Hash != h.PaymentHash:
                return Fail(state, $"update_fulfill_htlc {id}: preimage does not match");
            case UpdateFulfillHtlcMessage f:
                events.Add(new OutgoingHtlcFulfilled(id, f.PaymentPreimage));
                break;
            // BOLT #2: "if the `BADONION` bit in `failure_code` is not set for `update_fail_malformed_htlc`:"
            case UpdateFailMalformedHtlcMessage mal when (mal.FailureCode.Value & FailureCode.BadOnionFlag) == 0:
                return Fail(state, $"update_fail_malformed_htlc {id} without BADONION");
        }
        c = c with { Htlcs = c.Htlcs.Replace(h, h with { State = HtlcState.RcvdRemoveHtlc, Removal = m }) };
        return ChannelStep.Changed(With(state, c), events: events);
    }

    /// <summary>Funder: proposes a new commitment feerate.</summary>
    public ChannelStep UpdateFee(ChannelState state, FeeRate feerate)
    {
        if (state is not (Normal or ShuttingDown))
            return ChannelStep.Refuse(state, ChannelErrorKind.Ignore, "channel is not open");
        var c = state.CommitmentsOrNull()!;
        // BOLT #2: "MUST NOT send `update_fee`."
        if (!c.Params.LocalIsFunder)
            return ChannelStep.Refuse(state, ChannelErrorKind.Ignore, "only the funder sends update_fee");
        var next = c with { FeeUpdates = c.FeeUpdates.Add(new FeeUpdate(feerate, HtlcState.SentAddHtlc)) };
        if (!FunderCanAfford(next, feerate, withReserve: true, null))
            return ChannelStep.Refuse(state, ChannelErrorKind.Ignore, "cannot afford this feerate");
        var msg = new UpdateFeeMessage(c.Params.ChannelId, feerate);
        next = next with { UnsignedSent = next.UnsignedSent.Add(msg) };
        return ChannelStep.Changed(With(state, next), [msg]);
    }

    private static bool FunderCanAfford(Commitments c, FeeRate feerate, bool withReserve, Func<Htlc, bool>? skip)
    {
        foreach (var local in new[] { true, false })
        {
            var spec = c.ProjectedSpec(local, skip, feerate);
            var dust = local ? c.Params.LocalLimits.DustLimit : c.Params.RemoteLimits.DustLimit;
            var fee = MilliSatoshi.FromSatoshi(Bolt3Fees.CommitmentFee(spec, dust, c.Params.Format));
            var funderBalance = c.Params.LocalIsFunder == local ? spec.ToLocal : spec.ToRemote;
            var reserve = withReserve
                ? MilliSatoshi.FromSatoshi(c.Params.LocalIsFunder ? c.Params.RemoteLimits.ChannelReserve : c.Params.LocalLimits.ChannelReserve)
                : MilliSatoshi.Zero;
            if (funderBalance < fee + reserve)
                return false;
        }
        return true;
    }

    private static ChannelStep OnUpdateFee(ChannelState state, UpdateFeeMessage m)
    {
        var c = state.CommitmentsOrNull()!;
        // BOLT #2: "if the sender is not responsible for paying the Bitcoin fee:"
        if (c.Params.LocalIsFunder)
            return Fail(state, "update_fee from the fundee");
        // BOLT #2: "if the `update_fee` is too low for timely processing, OR is unreasonably large:"
        if (m.FeeratePerKw < FeeRate.Floor || m.FeeratePerKw > MaxUpdateFeerate)
            return Fail(state, $"update_fee {m.FeeratePerKw} out of range");
        var next = c with { FeeUpdates = c.FeeUpdates.Add(new FeeUpdate(m.FeeratePerKw, HtlcState.RcvdAddHtlc)) };
        // BOLT #2: "if the sender cannot afford the new fee rate on the receiving node's current commitment transaction:"
        if (!FunderCanAfford(next, m.FeeratePerKw, withReserve: false, h => h.Offered && h.State is HtlcState.SentAddHtlc or HtlcState.SentAddCommit))
            return Fail(state, $"funder cannot afford update_fee {m.FeeratePerKw}");
        return ChannelStep.Changed(With(state, next));
    }

    /// <summary>Signs the peer's next commitment when there is anything to sign and no revocation is outstanding.</summary>
    public ChannelStep Sign(ChannelState state)
    {
        if (state is not (Normal or ShuttingDown or Negotiating))
            return ChannelStep.Refuse(state, ChannelErrorKind.Ignore, "channel is not open");
        var c = state.CommitmentsOrNull()!;
        if (c.AwaitingRevocation || c.RemoteNextPoint is null)
            return ChannelStep.Refuse(state, ChannelErrorKind.Ignore, "waiting for revoke_and_ack");
        // BOLT #2: "MUST NOT send a `commitment_signed` message that does not include any updates."
        if (!c.HasChangesForRemote)
            return ChannelStep.Refuse(state, ChannelErrorKind.Ignore, "nothing to sign");
        var next = c.Transition(HtlcStates.OnSendCommit, null);
        var number = c.RemoteCommitNumber.Next;
        if (!next.TryBuildRemote(number, c.RemoteNextPoint, out var remote))
            return ChannelStep.Refuse(state, ChannelErrorKind.Ignore, "cannot build the peer's commitment");
        var msg = new CommitmentSignedMessage(c.Params.ChannelId, _signer.SignCommitment(remote), _signer.SignRemoteHtlcs(remote));
        next = next with
        {
            AwaitingRevocation = true,
            LastCommitBatch = [.. c.UnsignedSent, msg],
            UnsignedSent = [],
            RevokeAfterCommit = false,
        };
        var after = With(state, next);
        return ChannelStep.Changed(after, [msg]);
    }

    private ChannelStep OnCommitmentSigned(ChannelState state, CommitmentSignedMessage m)
    {
        var c = state.CommitmentsOrNull()!;
        var hasChanges = c.Htlcs.Any(h => HtlcStates.OnReceiveCommit(h.State) != h.State)
            || c.FeeUpdates.Any(f => HtlcStates.OnReceiveCommit(f.State) != f.State);
        // BOLT #2: "MUST NOT send a `commitment_signed` message that does not include any updates."
        if (!hasChanges)
            return Fail(state, "commitment_signed without updates");
        var next = c.Transition(HtlcStates.OnReceiveCommit, null);
        var number = c.LocalCommitNumber.Next;
        var point = _signer.PerCommitmentPoint(number);
        if (!next.TryBuildLocal(number, point, out var local))
            return Fail(state, "the commitment the peer signed cannot be built");
        // BOLT #2: "if `signature` is not valid for its local commitment transaction OR non-compliant with LOW-S-standard rule"
        if (!m.Signature.IsLowS || !Bolt3Signatures.Verify(local, c.Params.RemoteBasepoints.FundingPubkey, m.Signature))
            return Fail(state, "commitment_signed: invalid signature");
        // BOLT #2: "if `num_htlcs` is not equal to the number of HTLC outputs in the local commitment transaction:"
        if (m.HtlcSignatures.Count != local.HtlcOutputs.Count())
            return Fail(state, $"commitment_signed: {m.HtlcSignatures.Count} HTLC signatures for {local.HtlcOutputs.Count()} outputs");
        // BOLT #2: "if any `htlc_signature` is not valid for the corresponding HTLC transaction OR non-compliant with LOW-S-standard rule"
        if (m.HtlcSignatures.Any(s => !s.IsLowS) || Bolt3Signatures.FindInvalidHtlcSignature(local, m.HtlcSignatures) >= 0)
            return Fail(state, "commitment_signed: invalid HTLC signature");
        next = next with { LocalCommitNumber = number, LocalCommitSignature = m.Signature, LocalHtlcSignatures = [.. m.HtlcSignatures] };
        // BOLT #2: "MUST respond with a `revoke_and_ack` message."
        var events = new List<ChannelEvent>();
        next = next.Transition(HtlcStates.OnSendRevoke, events) with { RevokeAfterCommit = next.AwaitingRevocation };
        var revoke = RevokeFor(next);
        return ShutdownProgress(ChannelStep.Changed(With(state, next), [revoke], events));
    }

    /// <summary>The <c>revoke_and_ack</c> revoking our commitment before <see cref="Commitments.LocalCommitNumber"/>.</summary>
    private RevokeAndAckMessage RevokeFor(Commitments c) =>
        // BOLT #2: "MUST set `per_commitment_secret` to the secret used to generate keys for the previous commitment transaction."
        // BOLT #2: "MUST set `next_per_commitment_point` to the values for its next commitment transaction."
        new(c.Params.ChannelId, _signer.PerCommitmentSecret(new CommitmentNumber(c.LocalCommitNumber.Value - 1)),
            _signer.PerCommitmentPoint(c.LocalCommitNumber.Next));

    private ChannelStep OnRevokeAndAck(ChannelState state, RevokeAndAckMessage m)
    {
        var c = state.CommitmentsOrNull()!;
        if (!c.AwaitingRevocation)
            return Fail(state, "unexpected revoke_and_ack");
        // BOLT #2: "if `per_commitment_secret` is not a valid secret key or does not generate the previous `per_commitment_point`:"
        if (!m.PerCommitmentSecret.TryGetPoint(out var point) || point != c.RemoteCommitPoint)
            return Fail(state, "revoke_and_ack: secret does not match the previous point");
        var next = c.WithSecret(c.RemoteCommitNumber, m.PerCommitmentSecret, out var ok);
        // BOLT #2: "if the `per_commitment_secret` was not generated by the protocol in [BOLT #3](03-transactions.md#per-commitment-secret-requirements):"
        if (!ok)
            return Fail(state, "revoke_and_ack: secret does not fit the shachain");
        var events = new List<ChannelEvent>();
        next = next.Transition(HtlcStates.OnReceiveRevoke, events) with
        {
            AwaitingRevocation = false,
            RemoteCommitNumber = c.RemoteCommitNumber.Next,
            RemoteCommitPoint = c.RemoteNextPoint!,
            RemoteNextPoint = m.NextPerCommitmentPoint,
            LastCommitBatch = [],
        };
        return ShutdownProgress(ChannelStep.Changed(With(state, next), events: events));
    }
}
