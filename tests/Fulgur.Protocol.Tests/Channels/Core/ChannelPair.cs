using Fulgur.Bitcoin;
using Fulgur.Bitcoin.Fees;
using Fulgur.Bitcoin.Scripts;
using Fulgur.Bitcoin.Scripts.Interpreter;
using Fulgur.Bitcoin.Transactions;
using Fulgur.Crypto;
using Fulgur.Protocol.Channels;
using Fulgur.Protocol.Channels.Core;
using Fulgur.Protocol.Types;
using Fulgur.Protocol.Wire.Messages;

namespace Fulgur.Protocol.Tests.Channels.Core;

/// <summary>
/// Two channel cores joined by two in-memory queues (after LDK's <c>do_commitment_signed_dance</c>): A is the funder.
/// Every message crosses the wire codec, and every step's failure is recorded.
/// </summary>
internal sealed class ChannelPair
{
    public static readonly ChainHash Chain = ChainHash.Regtest;

    public sealed class Side(string name, ChannelCore core)
    {
        public string Name { get; } = name;

        public ChannelCore Core { get; } = core;

        public ChannelState State { get; set; } = new Closed(null, "not started", null);

        /// <summary>The last record the side persisted: what it restarts from after a crash.</summary>
        public ChannelState? Persisted { get; set; }

        public Queue<IWireMessage> Inbox { get; } = new();

        public List<ChannelEvent> Events { get; } = [];

        public List<ChannelFailure> Failures { get; } = [];

        public Commitments Commitments => State.CommitmentsOrNull() ?? throw new InvalidOperationException($"{Name} has no commitments");
    }

    public Side A { get; }

    public Side B { get; }

    public ChannelConfig ConfigA { get; }

    public ChannelConfig ConfigB { get; }

    /// <summary>When set, a failure in any step throws at once (the default for scenario tests).</summary>
    public bool ThrowOnFailure { get; set; } = true;

    public ChannelPair(byte tagA = 11, byte tagB = 12, ChannelConfig? configA = null, ChannelConfig? configB = null)
    {
        A = new Side("A", new ChannelCore(new ChannelKeysSigner(TestChannelKeys.Create(tagA))));
        B = new Side("B", new ChannelCore(new ChannelKeysSigner(TestChannelKeys.Create(tagB))));
        ConfigA = configA ?? ChannelConfig.Default(Chain);
        ConfigB = configB ?? ChannelConfig.Default(Chain);
    }

    public Side Other(Side s) => s == A ? B : A;

    /// <summary>Applies a step to a side: persist, swap state, queue the outbound messages for the other side.</summary>
    public ChannelStep Apply(Side side, ChannelStep step)
    {
        if (step.Failure is { } failure)
        {
            side.Failures.Add(failure);
            if (ThrowOnFailure && failure.Kind != ChannelErrorKind.Ignore)
                throw new InvalidOperationException($"{side.Name}: {failure}");
        }
        if (step.PersistRecord is { } record)
            side.Persisted = ChannelStateSerializer.Deserialize(ChannelStateSerializer.Serialize(record));
        side.State = step.NextState;
        side.Events.AddRange(step.Events);
        foreach (var m in step.Outbound)
            Other(side).Inbox.Enqueue(OverTheWire(m));
        return step;
    }

    private static IWireMessage OverTheWire(IWireMessage m)
    {
        var bytes = MessageRegistry.Encode(m);
        Assert.True(MessageRegistry.Default.TryDecode(bytes, out var decoded, out var error), error.ToString());
        return decoded;
    }

    /// <summary>Delivers the next message queued for <paramref name="to"/>; false when there is none.</summary>
    public bool DeliverOne(Side to)
    {
        if (!to.Inbox.TryDequeue(out var m))
            return false;
        var step = m is OpenChannelMessage open ? to.Core.OnOpenChannel(to == A ? ConfigA : ConfigB, open) : to.Core.Receive(to.State, m);
        Apply(to, step);
        return true;
    }

    public void DeliverAll()
    {
        while (DeliverOne(A) | DeliverOne(B))
        {
        }
    }

    /// <summary>Signs and delivers until neither side has anything left to sign or send.</summary>
    public void CommitmentDance()
    {
        for (var round = 0; round < 100; round++)
        {
            DeliverAll();
            var progressed = false;
            foreach (var s in new[] { A, B })
            {
                if (s.State.CommitmentsOrNull() is { AwaitingRevocation: false, HasChangesForRemote: true, RemoteNextPoint: not null }
                    && s.State is Normal or ShuttingDown)
                {
                    Apply(s, s.Core.Sign(s.State));
                    progressed = true;
                }
            }
            if (!progressed && A.Inbox.Count == 0 && B.Inbox.Count == 0)
                return;
        }
        throw new InvalidOperationException("commitment dance did not settle");
    }

    /// <summary>Opens a channel of <paramref name="funding"/> from A (pushing <paramref name="push"/> to B) up to Normal.</summary>
    public void Open(Satoshi funding, MilliSatoshi push, FeeRate? feerate = null)
    {
        Apply(A, A.Core.Open(ConfigA, new ChannelId(Bytes32.FromSpan(Sha256.Hash([1]))), funding, push, feerate ?? new FeeRate(2500)));
        DeliverAll();
        var request = A.Events.OfType<FundingRequested>().Single();
        FundingOutput = new TxOut(request.Amount, request.ScriptPubKey);
        var fundingTx = new Transaction(2, [new TxIn(new OutPoint(TxId.Zero, 0), 0xffffffff)], [FundingOutput], 0);
        Apply(A, A.Core.FundingCreated(A.State, new OutPoint(fundingTx.TxId, 0)));
        DeliverAll();
        Apply(A, A.Core.FundingConfirmed(A.State));
        Apply(B, B.Core.FundingConfirmed(B.State));
        DeliverAll();
        Assert.IsType<Normal>(A.State);
        Assert.IsType<Normal>(B.State);
    }

    public TxOut? FundingOutput { get; private set; }

    /// <summary>
    /// Both sides agree: each one's commitment is the other's view of it, balances and HTLC sets match, and each
    /// side's latest commitment is fully signed and spends the funding output under standard script flags.
    /// </summary>
    public void AssertConsistent()
    {
        var a = A.Commitments;
        var b = B.Commitments;
        if (!a.AwaitingRevocation && !b.AwaitingRevocation)
        {
            Assert.Equal(a.LocalCommitNumber, b.RemoteCommitNumber);
            Assert.Equal(b.LocalCommitNumber, a.RemoteCommitNumber);
            Assert.Equal(a.SpecFor(local: true), b.SpecFor(local: false), SpecComparer.Instance);
            Assert.Equal(a.SpecFor(local: false), b.SpecFor(local: true), SpecComparer.Instance);
        }
        foreach (var s in new[] { A, B })
            AssertLocalCommitmentValid(s);
    }

    public void AssertLocalCommitmentValid(Side s)
    {
        var tx = s.Commitments.SignedLocalCommitment(s.Core.Signer);
        var ok = ScriptVerifier.VerifyInput(tx, 0, FundingOutput!, ScriptVerifyFlagSets.Standard, out var error);
        Assert.True(ok, $"{s.Name}'s commitment #{s.Commitments.LocalCommitNumber} does not spend the funding output: {error}");
        var commitment = s.Commitments;
        Assert.True(commitment.TryBuildLocal(commitment.LocalCommitNumber, s.Core.Signer.PerCommitmentPoint(commitment.LocalCommitNumber), out var built));
        Assert.Equal(-1, Bolt3Signatures.FindInvalidHtlcSignature(built, commitment.LocalHtlcSignatures));
    }

    /// <summary>Disconnects (both sides drop the other's uncommitted updates), then exchanges <c>channel_reestablish</c>.</summary>
    public void Reconnect(bool restoreA = false, bool restoreB = false)
    {
        A.Inbox.Clear();
        B.Inbox.Clear();
        if (restoreA)
            A.State = A.Persisted!;
        if (restoreB)
            B.State = B.Persisted!;
        Apply(A, A.Core.Disconnected(A.State));
        Apply(B, B.Core.Disconnected(B.State));
        var ra = A.Core.Reestablish(A.State)!;
        var rb = B.Core.Reestablish(B.State)!;
        B.Inbox.Enqueue(ra);
        A.Inbox.Enqueue(rb);
        DeliverAll();
    }

    public static ByteVector Onion(byte tag)
    {
        var bytes = new byte[UpdateAddHtlcMessage.OnionRoutingPacketLength];
        bytes[1] = tag;
        return new ByteVector(bytes);
    }

    public static Preimage PreimageOf(int n) => Preimage.FromSpan(Sha256.Hash(BitConverter.GetBytes(n)));

    /// <summary>Offers an HTLC from <paramref name="from"/>; returns its id.</summary>
    public ulong Add(Side from, long amountMsat, int preimage, uint expiry = 700_000)
    {
        var step = from.Core.AddHtlc(from.State, new MilliSatoshi(amountMsat), PreimageOf(preimage).Hash, new CltvExpiry(expiry), Onion(1),
            out var id, out var refusal);
        Assert.Equal(AddHtlcRefusal.None, refusal);
        Apply(from, step);
        return id;
    }

    private sealed class SpecComparer : IEqualityComparer<CommitmentSpec>
    {
        public static readonly SpecComparer Instance = new();

        public bool Equals(CommitmentSpec? x, CommitmentSpec? y) =>
            x is not null && y is not null && x.ToLocal == y.ToLocal && x.ToRemote == y.ToRemote && x.Feerate == y.Feerate
            && x.Htlcs.OrderBy(h => (h.Direction, h.Id)).SequenceEqual(y.Htlcs.OrderBy(h => (h.Direction, h.Id)));

        public int GetHashCode(CommitmentSpec obj) => obj.ToLocal.GetHashCode();
    }
}
