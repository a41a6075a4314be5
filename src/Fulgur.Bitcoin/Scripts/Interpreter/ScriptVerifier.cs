using Fulgur.Bitcoin.Sighash;
using Fulgur.Bitcoin.Transactions;
using Fulgur.Crypto;

namespace Fulgur.Bitcoin.Scripts.Interpreter;

/// <summary>
/// Verifies that an input's scriptSig and witness satisfy the output it spends: bitcoind's VerifyScript with P2SH
/// (BIP16), segwit v0 programs (BIP141: P2WPKH, P2WSH, and both nested in P2SH), CLEANSTACK and the unexpected-witness
/// rule. Taproot spends are reported as <see cref="ScriptError.TaprootUnsupported"/> when the TAPROOT flag is on.
/// </summary>
public static class ScriptVerifier
{
    /// <summary>Checks input <paramref name="inputIndex"/> of <paramref name="transaction"/> against the output it spends.</summary>
    public static bool VerifyInput(
        Transaction transaction, int inputIndex, TxOut spentOutput, ScriptVerifyFlags flags, out ScriptError error,
        SegwitV0SighashCache? cache = null)
    {
        ArgumentNullException.ThrowIfNull(transaction);
        ArgumentNullException.ThrowIfNull(spentOutput);
        var input = transaction.Inputs[inputIndex];
        var checker = new TransactionSignatureChecker(transaction, inputIndex, spentOutput.Value, cache);
        return Verify(input.ScriptSig, spentOutput.ScriptPubKey, input.Witness, flags, checker, out error);
    }

    public static bool Verify(
        Script scriptSig, Script scriptPubKey, Witness witness, ScriptVerifyFlags flags, ISignatureChecker checker,
        out ScriptError error)
    {
        ArgumentNullException.ThrowIfNull(scriptSig);
        ArgumentNullException.ThrowIfNull(scriptPubKey);
        ArgumentNullException.ThrowIfNull(witness);
        if ((flags & ScriptVerifyFlags.SigPushOnly) != 0 && !scriptSig.IsPushOnly())
            return Fail(ScriptError.SigPushOnly, out error);

        // scriptSig and scriptPubKey run one after the other on the same stack (not concatenated, since 2010).
        var stack = new List<byte[]>();
        if (!ScriptInterpreter.EvalScript(stack, scriptSig, flags, checker, SigVersion.Base, out error))
            return false;
        var p2shStack = (flags & ScriptVerifyFlags.P2Sh) != 0 ? [.. stack] : new List<byte[]>();
        if (!ScriptInterpreter.EvalScript(stack, scriptPubKey, flags, checker, SigVersion.Base, out error))
            return false;
        if (stack.Count == 0 || !ScriptNum.IsTrue(stack[^1]))
            return Fail(ScriptError.EvalFalse, out error);

        var hadWitness = false;
        if ((flags & ScriptVerifyFlags.Witness) != 0 && scriptPubKey.TryGetWitnessProgram(out var version, out var program))
        {
            hadWitness = true;
            // BIP141: "The scriptSig must be exactly empty or validation fails."
            if (!scriptSig.IsEmpty)
                return Fail(ScriptError.WitnessMalleated, out error);
            if (!VerifyWitnessProgram(witness, version, program.ToArray(), flags, checker, isP2Sh: false, out error))
                return false;
            // The stack is not clean for witness programs; keep one element so CLEANSTACK below passes.
            stack.RemoveRange(1, stack.Count - 1);
        }

        if ((flags & ScriptVerifyFlags.P2Sh) != 0 && scriptPubKey.IsP2Sh)
        {
            // BIP16: the scriptSig must be push-only, and its last push is the serialized redeem script.
            if (!scriptSig.IsPushOnly())
                return Fail(ScriptError.SigPushOnly, out error);
            stack = p2shStack;
            var redeemScript = Script.Wrap(stack[^1]);
            stack.RemoveAt(stack.Count - 1);
            if (!ScriptInterpreter.EvalScript(stack, redeemScript, flags, checker, SigVersion.Base, out error))
                return false;
            if (stack.Count == 0 || !ScriptNum.IsTrue(stack[^1]))
                return Fail(ScriptError.EvalFalse, out error);

            if ((flags & ScriptVerifyFlags.Witness) != 0 && redeemScript.TryGetWitnessProgram(out version, out program))
            {
                hadWitness = true;
                // BIP141: "The scriptSig must be exactly a push of the BIP16 redeemScript or validation fails."
                if (scriptSig != new ScriptBuilder().PushRaw(redeemScript.Bytes).ToScript())
                    return Fail(ScriptError.WitnessMalleatedP2Sh, out error);
                if (!VerifyWitnessProgram(witness, version, program.ToArray(), flags, checker, isP2Sh: true, out error))
                    return false;
                stack.RemoveRange(1, stack.Count - 1);
            }
        }

        // CLEANSTACK is checked after P2SH and witness evaluation, which legitimately leave their inputs behind.
        if ((flags & ScriptVerifyFlags.CleanStack) != 0 && stack.Count != 1)
            return Fail(ScriptError.CleanStack, out error);

        // BIP141: a witness on an input that spends no witness program is an error.
        if ((flags & ScriptVerifyFlags.Witness) != 0 && !hadWitness && !witness.IsEmpty)
            return Fail(ScriptError.WitnessUnexpected, out error);

        error = ScriptError.Ok;
        return true;
    }

    private static bool VerifyWitnessProgram(
        Witness witness, int version, byte[] program, ScriptVerifyFlags flags, ISignatureChecker checker, bool isP2Sh,
        out ScriptError error)
    {
        var stack = witness.Select(item => item.ToArray()).ToList();
        if (version == 0)
        {
            if (program.Length == 32)
            {
                // BIP141 P2WSH: "The witness must consist of an input stack to feed to the script, followed by a serialized script"
                // whose SHA256 "must match the 32-byte witness program".
                if (stack.Count == 0)
                    return Fail(ScriptError.WitnessProgramWitnessEmpty, out error);
                var witnessScript = stack[^1];
                stack.RemoveAt(stack.Count - 1);
                if (!Sha256.Hash(witnessScript).AsSpan().SequenceEqual(program))
                    return Fail(ScriptError.WitnessProgramMismatch, out error);
                return ExecuteWitnessScript(stack, Script.Wrap(witnessScript), flags, checker, out error);
            }
            if (program.Length == 20)
            {
                // BIP141 P2WPKH: "The witness must consist of exactly 2 items", checked as
                // DUP HASH160 <program> EQUALVERIFY CHECKSIG.
                if (stack.Count != 2)
                    return Fail(ScriptError.WitnessProgramMismatch, out error);
                return ExecuteWitnessScript(stack, StandardScripts.P2PkhFromHash(program), flags, checker, out error);
            }
            return Fail(ScriptError.WitnessProgramWrongLength, out error);
        }
        if (version == 1 && program.Length == 32 && !isP2Sh && (flags & ScriptVerifyFlags.Taproot) != 0)
            return Fail(ScriptError.TaprootUnsupported, out error);
        // Unknown versions (and taproot when TAPROOT is off) succeed, for future soft forks, unless discouraged.
        if ((flags & ScriptVerifyFlags.DiscourageUpgradableWitnessProgram) != 0 && !(version == 1 && program.Length == 32 && !isP2Sh))
            return Fail(ScriptError.DiscourageUpgradableWitnessProgram, out error);
        error = ScriptError.Ok;
        return true;
    }

    private static bool ExecuteWitnessScript(List<byte[]> stack, Script script, ScriptVerifyFlags flags, ISignatureChecker checker, out ScriptError error)
    {
        // BIP141: witness stack items are subject to the 520-byte element limit.
        if (stack.Any(item => item.Length > ScriptInterpreter.MaxElementSize))
            return Fail(ScriptError.PushSize, out error);
        if (!ScriptInterpreter.EvalScript(stack, script, flags, checker, SigVersion.WitnessV0, out error))
            return false;
        // BIP141: "The script must not fail, and result in exactly a single TRUE on the stack."
        if (stack.Count != 1)
            return Fail(ScriptError.CleanStack, out error);
        if (!ScriptNum.IsTrue(stack[^1]))
            return Fail(ScriptError.EvalFalse, out error);
        return true;
    }

    private static bool Fail(ScriptError code, out ScriptError error)
    {
        error = code;
        return false;
    }
}
