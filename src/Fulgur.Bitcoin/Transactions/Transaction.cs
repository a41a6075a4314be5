using System.Collections.Immutable;
using System.Diagnostics.CodeAnalysis;
using Fulgur.Bitcoin.Encoding;
using Fulgur.Bitcoin.Scripts;
using Fulgur.Crypto;

namespace Fulgur.Bitcoin.Transactions;

/// <summary>
/// A Bitcoin transaction. Immutable: change it with the <c>With…</c> methods or build one with
/// <see cref="TransactionBuilder"/>. Serializes in BIP144 segwit form when any input has a witness, otherwise in the
/// original form; <see cref="TxId"/> always hashes the form without witness, <see cref="WTxId"/> the full form.
/// </summary>
public sealed class Transaction : IEquatable<Transaction>
{
    /// <summary>BIP141: "Block weight is defined as Base size * 3 + Total size" and a block holds at most 4,000,000.</summary>
    public const int MaxBlockWeight = 4_000_000;

    /// <summary>bitcoind's WITNESS_SCALE_FACTOR.</summary>
    public const int WitnessScaleFactor = 4;

    private TxId? _txId;
    private TxId? _wtxId;

    public Transaction(uint version, IEnumerable<TxIn> inputs, IEnumerable<TxOut> outputs, uint lockTime)
    {
        Version = version;
        Inputs = [.. inputs];
        Outputs = [.. outputs];
        LockTime = lockTime;
    }

    private Transaction(uint version, ImmutableArray<TxIn> inputs, ImmutableArray<TxOut> outputs, uint lockTime)
    {
        Version = version;
        Inputs = inputs;
        Outputs = outputs;
        LockTime = lockTime;
    }

    /// <summary>nVersion. Version 2 enables BIP68 relative locktimes (BOLT 3 transactions use 2).</summary>
    public uint Version { get; }

    public ImmutableArray<TxIn> Inputs { get; }

    public ImmutableArray<TxOut> Outputs { get; }

    /// <summary>nLockTime: a block height below 500,000,000, a UNIX time at or above it.</summary>
    public uint LockTime { get; }

    /// <summary>True when at least one input carries a witness, i.e. the transaction serializes in BIP144 form.</summary>
    public bool HasWitness => Inputs.Any(i => !i.Witness.IsEmpty);

    /// <summary>A coinbase has exactly one input, spending the null outpoint.</summary>
    public bool IsCoinbase => Inputs.Length == 1 && Inputs[0].PrevOut.IsNull;

    /// <summary>Double-SHA256 of the serialization without witness data.</summary>
    public TxId TxId => _txId ??= new TxId(Hash256.DoubleSha256(ToBytes(includeWitness: false)));

    /// <summary>BIP141: double-SHA256 of the serialization with witness; equals <see cref="TxId"/> without witnesses.</summary>
    public TxId WTxId => _wtxId ??= HasWitness ? new TxId(Hash256.DoubleSha256(ToBytes())) : TxId;

    /// <summary>Size in bytes without witness data (BIP141 "base size").</summary>
    public int BaseSize => ToBytes(includeWitness: false).Length;

    /// <summary>Size in bytes with witness data (BIP141 "total size").</summary>
    public int TotalSize => ToBytes().Length;

    /// <summary>BIP141: "Transaction weight is defined as Base transaction size * 3 + Total transaction size".</summary>
    public long Weight => (long)BaseSize * (WitnessScaleFactor - 1) + TotalSize;

    /// <summary>BIP141: "Virtual transaction size is defined as Transaction weight / 4 (rounded up to the next integer)."</summary>
    public long VirtualSize => (Weight + WitnessScaleFactor - 1) / WitnessScaleFactor;

    public Satoshi TotalOutput => Outputs.Aggregate(Satoshi.Zero, (sum, o) => sum + o.Value);

    public Transaction WithVersion(uint version) => new(version, Inputs, Outputs, LockTime);

    public Transaction WithLockTime(uint lockTime) => new(Version, Inputs, Outputs, lockTime);

    public Transaction WithInputs(IEnumerable<TxIn> inputs) => new(Version, [.. inputs], Outputs, LockTime);

    public Transaction WithOutputs(IEnumerable<TxOut> outputs) => new(Version, Inputs, [.. outputs], LockTime);

    public Transaction WithInput(int index, TxIn input) => new(Version, Inputs.SetItem(index, input), Outputs, LockTime);

    public Transaction WithOutput(int index, TxOut output) => new(Version, Inputs, Outputs.SetItem(index, output), LockTime);

    public Transaction WithWitness(int inputIndex, Witness witness) =>
        WithInput(inputIndex, Inputs[inputIndex] with { Witness = witness });

    public Transaction WithScriptSig(int inputIndex, Script scriptSig) =>
        WithInput(inputIndex, Inputs[inputIndex] with { ScriptSig = scriptSig });

    /// <summary>The same transaction with every witness removed (what <see cref="TxId"/> hashes).</summary>
    public Transaction WithoutWitness() =>
        HasWitness ? WithInputs(Inputs.Select(i => i with { Witness = Witness.Empty })) : this;

    /// <summary>
    /// Serializes the transaction. With <paramref name="includeWitness"/> and at least one witness, BIP144: "nVersion |
    /// marker | flag | txins | txouts | witness | nLockTime" with marker 0x00 and flag 0x01. A transaction with no
    /// inputs has no unambiguous original-form serialization (its empty input count reads as the marker), as in bitcoind.
    /// </summary>
    public byte[] ToBytes(bool includeWitness = true)
    {
        var writer = new BitcoinWriter(EstimateSize());
        Write(writer, includeWitness);
        return writer.ToArray();
    }

    public string ToHex(bool includeWitness = true) => Hex.Encode(ToBytes(includeWitness));

    public void Write(BitcoinWriter writer, bool includeWitness = true)
    {
        ArgumentNullException.ThrowIfNull(writer);
        var segwit = includeWitness && HasWitness;
        writer.WriteUInt32(Version);
        if (segwit)
        {
            writer.WriteByte(0x00);
            writer.WriteByte(0x01);
        }
        writer.WriteCompactSize((ulong)Inputs.Length);
        foreach (var input in Inputs)
        {
            input.PrevOut.Write(writer);
            writer.WriteVarBytes(input.ScriptSig.Bytes);
            writer.WriteUInt32(input.Sequence);
        }
        writer.WriteCompactSize((ulong)Outputs.Length);
        foreach (var output in Outputs)
        {
            writer.WriteInt64(output.Value.Value);
            writer.WriteVarBytes(output.ScriptPubKey.Bytes);
        }
        if (segwit)
        {
            foreach (var input in Inputs)
                input.Witness.Write(writer);
        }
        writer.WriteUInt32(LockTime);
    }

    /// <summary>Parses exactly one transaction filling all of <paramref name="bytes"/>; trailing bytes are an error.</summary>
    public static bool TryParse(
        ReadOnlySpan<byte> bytes, [NotNullWhen(true)] out Transaction? transaction, [NotNullWhen(false)] out string? error,
        bool allowWitness = true)
    {
        var reader = new BitcoinReader(bytes);
        if (!TryRead(ref reader, out transaction, allowWitness))
        {
            error = reader.Error ?? "malformed transaction";
            return false;
        }
        if (!reader.IsAtEnd)
        {
            transaction = null;
            error = $"{reader.Remaining} trailing bytes after the transaction";
            return false;
        }
        error = null;
        return true;
    }

    public static bool TryParseHex(string hex, [NotNullWhen(true)] out Transaction? transaction, [NotNullWhen(false)] out string? error)
    {
        transaction = null;
        if (!Hex.TryDecode(hex, out var bytes))
        {
            error = "not hex";
            return false;
        }
        return TryParse(bytes, out transaction, out error);
    }

    public static Transaction Parse(ReadOnlySpan<byte> bytes) =>
        TryParse(bytes, out var tx, out var error) ? tx : throw new FormatException(error);

    public static Transaction ParseHex(string hex) => Parse(Hex.Decode(hex));

    /// <summary>
    /// Reads one transaction as bitcoind's UnserializeTransaction does: an empty input list followed by a non-zero
    /// byte is the BIP144 marker and flag; flag bits other than 0x01 are refused ("Unknown transaction optional
    /// data"), and so is a witness section in which every witness is empty ("Superfluous witness record"), since
    /// re-serializing would not reproduce it.
    /// </summary>
    public static bool TryRead(ref BitcoinReader reader, [NotNullWhen(true)] out Transaction? transaction, bool allowWitness = true)
    {
        transaction = null;
        if (!reader.TryReadUInt32(out var version))
            return false;
        if (!TryReadInputs(ref reader, out var inputs))
            return false;
        byte flags = 0;
        TxOut[] outputs = [];
        if (inputs.Length == 0 && allowWitness)
        {
            if (!reader.TryReadByte(out flags))
                return false;
            if (flags != 0)
            {
                if (!TryReadInputs(ref reader, out inputs) || !TryReadOutputs(ref reader, out outputs))
                    return false;
            }
        }
        else if (!TryReadOutputs(ref reader, out outputs))
        {
            return false;
        }
        if ((flags & 1) != 0 && allowWitness)
        {
            flags ^= 1;
            var anyWitness = false;
            for (var i = 0; i < inputs.Length; i++)
            {
                if (!Witness.TryRead(ref reader, out var witness))
                    return false;
                anyWitness |= !witness.IsEmpty;
                inputs[i] = inputs[i] with { Witness = witness };
            }
            if (!anyWitness)
                return reader.Fail("superfluous witness record: segwit marker but every witness is empty");
        }
        if (flags != 0)
            return reader.Fail($"unknown transaction optional data (segwit flag 0x{flags:x2})");
        if (!reader.TryReadUInt32(out var lockTime))
            return false;
        transaction = new Transaction(version, ImmutableArray.Create(inputs), ImmutableArray.Create(outputs), lockTime);
        return true;
    }

    private static bool TryReadInputs(ref BitcoinReader reader, out TxIn[] inputs)
    {
        inputs = [];
        // An input is at least 41 bytes: outpoint 36, script length 1, sequence 4.
        if (!reader.TryReadCount(41, out var count))
            return false;
        var result = new TxIn[count];
        for (var i = 0; i < count; i++)
        {
            if (!OutPoint.TryRead(ref reader, out var prevOut) || !reader.TryReadVarBytes(out var scriptSig)
                || !reader.TryReadUInt32(out var sequence))
                return false;
            result[i] = new TxIn(prevOut, Script.FromBytes(scriptSig), sequence, Witness.Empty);
        }
        inputs = result;
        return true;
    }

    private static bool TryReadOutputs(ref BitcoinReader reader, out TxOut[] outputs)
    {
        outputs = [];
        // An output is at least 9 bytes: amount 8, script length 1.
        if (!reader.TryReadCount(9, out var count))
            return false;
        var result = new TxOut[count];
        for (var i = 0; i < count; i++)
        {
            if (!reader.TryReadInt64(out var value) || !reader.TryReadVarBytes(out var script))
                return false;
            result[i] = new TxOut(new Satoshi(value), Script.FromBytes(script));
        }
        outputs = result;
        return true;
    }

    private int EstimateSize()
    {
        var size = 16;
        foreach (var input in Inputs)
            size += 45 + input.ScriptSig.Length + input.Witness.SerializedLength;
        foreach (var output in Outputs)
            size += output.SerializedLength;
        return size;
    }

    public bool Equals(Transaction? other) =>
        other is not null && (ReferenceEquals(this, other) || ToBytes().AsSpan().SequenceEqual(other.ToBytes()));

    public override bool Equals(object? obj) => Equals(obj as Transaction);

    public override int GetHashCode() => WTxId.GetHashCode();

    public override string ToString() => $"Transaction {TxId} ({Inputs.Length} in, {Outputs.Length} out)";
}
