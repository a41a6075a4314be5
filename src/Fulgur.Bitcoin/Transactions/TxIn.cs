using Fulgur.Bitcoin.Scripts;

namespace Fulgur.Bitcoin.Transactions;

/// <summary>A transaction input: the output it spends, its scriptSig, nSequence and (BIP141) witness.</summary>
public sealed record TxIn(OutPoint PrevOut, Script ScriptSig, uint Sequence, Witness Witness)
{
    /// <summary>nSequence = 0xffffffff: final, no relative locktime, no replace-by-fee signal.</summary>
    public const uint SequenceFinal = uint.MaxValue;

    /// <summary>BIP68: "If bit (1 &lt;&lt; 31) of the sequence number is set, then no consensus meaning is applied".</summary>
    public const uint SequenceLockTimeDisableFlag = 1u << 31;

    /// <summary>BIP68: "If bit (1 &lt;&lt; 22) is set, the relative lock-time is specified in units of 512 seconds".</summary>
    public const uint SequenceLockTimeTypeFlag = 1u << 22;

    /// <summary>BIP68: the low 16 bits hold the relative lock-time value.</summary>
    public const uint SequenceLockTimeMask = 0x0000ffff;

    /// <summary>An input with an empty scriptSig and witness, to be signed later.</summary>
    public TxIn(OutPoint prevOut, uint sequence = SequenceFinal)
        : this(prevOut, Script.Empty, sequence, Witness.Empty)
    {
    }
}
