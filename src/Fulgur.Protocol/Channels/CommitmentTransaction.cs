using Fulgur.Bitcoin;
using Fulgur.Bitcoin.Scripts;
using Fulgur.Bitcoin.Transactions;
using Fulgur.Protocol.Types;

namespace Fulgur.Protocol.Channels;

/// <summary>What an output of a commitment transaction pays.</summary>
public enum CommitmentOutputKind
{
    ToLocal = 0,
    ToRemote = 1,
    LocalAnchor = 2,
    RemoteAnchor = 3,
    OfferedHtlc = 4,
    ReceivedHtlc = 5,
}

/// <summary>
/// One output of a commitment transaction with what is needed to spend it: its witness script (null for a P2WPKH
/// <c>to_remote</c>) and, for HTLC outputs, the HTLC.
/// </summary>
public sealed record CommitmentOutput(CommitmentOutputKind Kind, TxOut TxOut, Script? WitnessScript, CommitmentHtlc? Htlc)
{
    public bool IsHtlc => Kind is CommitmentOutputKind.OfferedHtlc or CommitmentOutputKind.ReceivedHtlc;
}

/// <summary>
/// An unsigned commitment transaction and the map of its outputs. <see cref="Outputs"/>[i] describes
/// <c>Transaction.Outputs[i]</c>.
/// </summary>
public sealed class CommitmentTransaction
{
    internal CommitmentTransaction(
        Transaction transaction,
        IReadOnlyList<CommitmentOutput> outputs,
        IReadOnlyList<CommitmentHtlc> trimmedHtlcs,
        Satoshi baseFee,
        MilliSatoshi funderShortfall,
        CommitmentNumber number,
        CommitmentSpec spec,
        CommitmentParameters parameters,
        CommitmentKeys keys)
    {
        Transaction = transaction;
        Outputs = outputs;
        TrimmedHtlcs = trimmedHtlcs;
        BaseFee = baseFee;
        FunderShortfall = funderShortfall;
        Number = number;
        Spec = spec;
        Parameters = parameters;
        Keys = keys;
    }

    /// <summary>The transaction without witness: sign it, then add the witness with <see cref="Bolt3Signatures"/>.</summary>
    public Transaction Transaction { get; }

    public IReadOnlyList<CommitmentOutput> Outputs { get; }

    /// <summary>HTLCs too small to get an output (their value goes to fees).</summary>
    public IReadOnlyList<CommitmentHtlc> TrimmedHtlcs { get; }

    /// <summary>The base fee the funder pays (BOLT 3 "Fee Calculation").</summary>
    public Satoshi BaseFee { get; }

    /// <summary>
    /// How much the funder's balance fell short of the base fee (and anchors): zero in any state BOLT 2 allows, since
    /// the funder must be able to pay the fee. The commitment is still valid, paying less than the base fee.
    /// </summary>
    public MilliSatoshi FunderShortfall { get; }

    /// <summary>The actual fee: the funding amount minus every output (base fee plus trimmed amounts and rounding).</summary>
    public Satoshi Fee => Parameters.FundingAmount - Transaction.TotalOutput;

    public CommitmentNumber Number { get; }

    public CommitmentSpec Spec { get; }

    public CommitmentParameters Parameters { get; }

    public CommitmentKeys Keys { get; }

    /// <summary>
    /// The untrimmed HTLC outputs in output order, the order of <c>htlc_signatures</c> (BOLT #2: "MUST include one
    /// `htlc_signature` for every HTLC transaction corresponding to the ordering of the commitment transaction").
    /// </summary>
    public IEnumerable<(int OutputIndex, CommitmentOutput Output)> HtlcOutputs =>
        Outputs.Select((o, i) => (i, o)).Where(x => x.o.IsHtlc);

    /// <summary>The index of the output of a kind that occurs at most once (to_local, to_remote, anchors), or -1.</summary>
    public int IndexOf(CommitmentOutputKind kind)
    {
        for (var i = 0; i < Outputs.Count; i++)
        {
            if (Outputs[i].Kind == kind)
                return i;
        }
        return -1;
    }
}
