using Fulgur.Bitcoin.Encoding;
using Fulgur.Bitcoin.Scripts;
using Fulgur.Bitcoin.Transactions;
using Fulgur.Crypto;

namespace Fulgur.Bitcoin.Sighash;

/// <summary>
/// The digests that ECDSA signatures commit to: the original (pre-segwit) algorithm and BIP143's for segwit v0.
/// Results are 32 bytes in the order signed (not reversed for display).
/// </summary>
public static class SignatureHash
{
    /// <summary>
    /// bitcoind's original SignatureHash. The scriptCode is serialized with its OP_CODESEPARATORs removed (the caller
    /// passes the part after the last executed one; removing signatures, FindAndDelete, is the interpreter's job). Two
    /// historical quirks are kept because consensus depends on them: an input index out of range, and SIGHASH_SINGLE
    /// with no output at the input's index, give the value 1 (0x01 followed by 31 zero bytes) instead of failing.
    /// </summary>
    public static byte[] ComputeLegacy(Transaction transaction, int inputIndex, Script scriptCode, SigHashType hashType)
    {
        ArgumentNullException.ThrowIfNull(transaction);
        ArgumentNullException.ThrowIfNull(scriptCode);
        if (inputIndex < 0 || inputIndex >= transaction.Inputs.Length
            || (hashType.IsSingle && inputIndex >= transaction.Outputs.Length))
        {
            var one = new byte[32];
            one[0] = 1;
            return one;
        }

        var anyoneCanPay = hashType.IsAnyoneCanPay;
        var single = hashType.IsSingle;
        var none = hashType.IsNone;
        var writer = new BitcoinWriter(256 + scriptCode.Length);
        writer.WriteUInt32(transaction.Version);

        var inputCount = anyoneCanPay ? 1 : transaction.Inputs.Length;
        writer.WriteCompactSize((ulong)inputCount);
        for (var i = 0; i < inputCount; i++)
        {
            var index = anyoneCanPay ? inputIndex : i;
            var input = transaction.Inputs[index];
            input.PrevOut.Write(writer);
            if (index == inputIndex)
                WriteScriptCodeWithoutCodeSeparators(writer, scriptCode.Bytes);
            else
                writer.WriteCompactSize(0);
            writer.WriteUInt32(index != inputIndex && (single || none) ? 0 : input.Sequence);
        }

        var outputCount = none ? 0 : single ? inputIndex + 1 : transaction.Outputs.Length;
        writer.WriteCompactSize((ulong)outputCount);
        for (var i = 0; i < outputCount; i++)
        {
            if (single && i != inputIndex)
            {
                // A blanked output: CTxOut() is value -1 with an empty script.
                writer.WriteInt64(-1);
                writer.WriteCompactSize(0);
                continue;
            }
            var output = transaction.Outputs[i];
            writer.WriteInt64(output.Value.Value);
            writer.WriteVarBytes(output.ScriptPubKey.Bytes);
        }
        writer.WriteUInt32(transaction.LockTime);
        writer.WriteUInt32(hashType.Value);
        return Sha256.DoubleHash(writer.WrittenSpan);
    }

    /// <summary>
    /// BIP143 segwit v0 sighash: "Double SHA256 of the serialization of: 1. nVersion of the transaction (4-byte little
    /// endian) 2. hashPrevouts (32-byte hash) 3. hashSequence (32-byte hash) 4. outpoint (32-byte hash + 4-byte little
    /// endian) 5. scriptCode of the input (serialized as scripts inside CTxOuts) 6. value of the output spent by this
    /// input (8-byte little endian) 7. nSequence of the input (4-byte little endian) 8. hashOutputs (32-byte hash) 9.
    /// nLocktime of the transaction (4-byte little endian) 10. sighash type of the signature (4-byte little endian)".
    /// Pass a <paramref name="cache"/> when signing several inputs of one transaction.
    /// </summary>
    public static byte[] ComputeSegwitV0(
        Transaction transaction, int inputIndex, Script scriptCode, Satoshi amount, SigHashType hashType,
        SegwitV0SighashCache? cache = null)
    {
        ArgumentNullException.ThrowIfNull(transaction);
        ArgumentNullException.ThrowIfNull(scriptCode);
        ArgumentOutOfRangeException.ThrowIfNegative(inputIndex);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(inputIndex, transaction.Inputs.Length);
        if (cache is not null && !ReferenceEquals(cache.Transaction, transaction))
            throw new ArgumentException("the cache was made for another transaction", nameof(cache));
        cache ??= new SegwitV0SighashCache(transaction);

        Span<byte> zero = stackalloc byte[32];
        zero.Clear();
        var anyoneCanPay = hashType.IsAnyoneCanPay;
        var single = hashType.IsSingle;
        var none = hashType.IsNone;

        var writer = new BitcoinWriter(160 + scriptCode.Length);
        writer.WriteUInt32(transaction.Version);
        // BIP143: "If the ANYONECANPAY flag is not set, hashPrevouts is the double SHA256 of the serialization of all
        // input outpoints; Otherwise, hashPrevouts is a uint256 of 0x0000......0000."
        writer.WriteBytes(anyoneCanPay ? zero : cache.HashPrevouts);
        // BIP143: "If none of the ANYONECANPAY, SINGLE, NONE sighash type is set, hashSequence is the double SHA256 of
        // the serialization of nSequence of all inputs; Otherwise, hashSequence is a uint256 of 0x0000......0000."
        writer.WriteBytes(anyoneCanPay || single || none ? zero : cache.HashSequence);
        var input = transaction.Inputs[inputIndex];
        input.PrevOut.Write(writer);
        writer.WriteVarBytes(scriptCode.Bytes);
        writer.WriteInt64(amount.Value);
        writer.WriteUInt32(input.Sequence);
        // BIP143: "If the sighash type is neither SINGLE nor NONE, hashOutputs is the double SHA256 of the serialization
        // of all output amount (8-byte little endian) with scriptPubKey (serialized as scripts inside CTxOuts); If
        // sighash type is SINGLE and the input index is smaller than the number of outputs, hashOutputs is the double
        // SHA256 of the output amount with scriptPubKey of the same index as the input; Otherwise, hashOutputs is a
        // uint256 of 0x0000......0000."
        if (!single && !none)
        {
            writer.WriteBytes(cache.HashOutputs);
        }
        else if (single && inputIndex < transaction.Outputs.Length)
        {
            var one = new BitcoinWriter(64);
            WriteOutput(one, transaction.Outputs[inputIndex]);
            writer.WriteBytes(Sha256.DoubleHash(one.WrittenSpan));
        }
        else
        {
            writer.WriteBytes(zero);
        }
        writer.WriteUInt32(transaction.LockTime);
        writer.WriteUInt32(hashType.Value);
        return Sha256.DoubleHash(writer.WrittenSpan);
    }

    internal static void WriteOutput(BitcoinWriter writer, TxOut output)
    {
        writer.WriteInt64(output.Value.Value);
        writer.WriteVarBytes(output.ScriptPubKey.Bytes);
    }

    /// <summary>
    /// bitcoind's CTransactionSignatureSerializer::SerializeScriptCode: the script minus every OP_CODESEPARATOR. On a
    /// truncated push it writes what bitcoind writes (the declared length still counts the unparsed tail), so even
    /// malformed scripts hash identically.
    /// </summary>
    private static void WriteScriptCodeWithoutCodeSeparators(BitcoinWriter writer, ReadOnlySpan<byte> script)
    {
        var separators = 0;
        var reader = new ScriptReader(script);
        while (reader.TryRead(out var opcode, out _))
        {
            if (opcode == Opcode.CodeSeparator)
                separators++;
        }
        writer.WriteCompactSize((ulong)(script.Length - separators));

        reader = new ScriptReader(script);
        var begin = 0;
        while (reader.TryRead(out var opcode, out _))
        {
            if (opcode == Opcode.CodeSeparator)
            {
                writer.WriteBytes(script[begin..(reader.Position - 1)]);
                begin = reader.Position;
            }
        }
        if (begin != script.Length)
            writer.WriteBytes(script[begin..reader.Position]);
    }
}
