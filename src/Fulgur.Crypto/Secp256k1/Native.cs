using System.Reflection;
using System.Runtime.InteropServices;

namespace Fulgur.Crypto.Secp256k1;

/// <summary>
/// P/Invoke declarations for Debian's libsecp256k1 (package libsecp256k1-1, soname libsecp256k1.so.1), built with the
/// ecdh and recovery modules. Opaque structs are passed as byte buffers of their documented sizes. Every entry point
/// returns 1 on success and 0 on failure; callers turn 0 into an error value, never into a crash.
/// </summary>
internal static unsafe partial class Native
{
    private const string Library = "secp256k1";

    public const int PubKeySize = 64;          // secp256k1_pubkey
    public const int SignatureSize = 64;       // secp256k1_ecdsa_signature
    public const int RecoverableSize = 65;     // secp256k1_ecdsa_recoverable_signature

    public const uint ContextSignVerify = (1 << 0) | (1 << 8) | (1 << 9);
    public const uint Compressed = (1 << 1) | (1 << 8);
    public const uint Uncompressed = 1 << 1;

    static Native() => NativeLibrary.SetDllImportResolver(typeof(Native).Assembly, Resolve);

    /// <summary>The runtime package ships only the versioned soname; the unversioned link comes with -dev.</summary>
    private static IntPtr Resolve(string name, Assembly assembly, DllImportSearchPath? path)
    {
        if (name != Library)
            return IntPtr.Zero;
        foreach (var candidate in new[] { "libsecp256k1.so.1", "libsecp256k1.so", "libsecp256k1.dylib", "libsecp256k1" })
        {
            if (NativeLibrary.TryLoad(candidate, assembly, path, out var handle))
                return handle;
        }
        throw new DllNotFoundException(
            "libsecp256k1 not found: install Debian's libsecp256k1-1 (./fulgur installs it when missing)");
    }

    /// <summary>Forces the resolver registration before the first call through the class.</summary>
    public static void EnsureLoaded() { }

    [LibraryImport(Library, EntryPoint = "secp256k1_context_create")]
    public static partial IntPtr ContextCreate(uint flags);

    [LibraryImport(Library, EntryPoint = "secp256k1_context_destroy")]
    public static partial void ContextDestroy(IntPtr ctx);

    [LibraryImport(Library, EntryPoint = "secp256k1_context_randomize")]
    public static partial int ContextRandomize(IntPtr ctx, byte* seed32);

    [LibraryImport(Library, EntryPoint = "secp256k1_context_set_illegal_callback")]
    public static partial void SetIllegalCallback(IntPtr ctx, delegate* unmanaged<byte*, void*, void> fn, void* data);

    [LibraryImport(Library, EntryPoint = "secp256k1_ec_seckey_verify")]
    public static partial int SeckeyVerify(IntPtr ctx, byte* seckey);

    [LibraryImport(Library, EntryPoint = "secp256k1_ec_pubkey_create")]
    public static partial int PubkeyCreate(IntPtr ctx, byte* pubkey, byte* seckey);

    [LibraryImport(Library, EntryPoint = "secp256k1_ec_pubkey_parse")]
    public static partial int PubkeyParse(IntPtr ctx, byte* pubkey, byte* input, nuint inputLen);

    [LibraryImport(Library, EntryPoint = "secp256k1_ec_pubkey_serialize")]
    public static partial int PubkeySerialize(IntPtr ctx, byte* output, nuint* outputLen, byte* pubkey, uint flags);

    [LibraryImport(Library, EntryPoint = "secp256k1_ec_pubkey_negate")]
    public static partial int PubkeyNegate(IntPtr ctx, byte* pubkey);

    [LibraryImport(Library, EntryPoint = "secp256k1_ec_pubkey_tweak_add")]
    public static partial int PubkeyTweakAdd(IntPtr ctx, byte* pubkey, byte* tweak32);

    [LibraryImport(Library, EntryPoint = "secp256k1_ec_pubkey_tweak_mul")]
    public static partial int PubkeyTweakMul(IntPtr ctx, byte* pubkey, byte* tweak32);

    [LibraryImport(Library, EntryPoint = "secp256k1_ec_pubkey_combine")]
    public static partial int PubkeyCombine(IntPtr ctx, byte* output, byte** inputs, nuint count);

    [LibraryImport(Library, EntryPoint = "secp256k1_ec_seckey_negate")]
    public static partial int SeckeyNegate(IntPtr ctx, byte* seckey);

    [LibraryImport(Library, EntryPoint = "secp256k1_ec_seckey_tweak_add")]
    public static partial int SeckeyTweakAdd(IntPtr ctx, byte* seckey, byte* tweak32);

    [LibraryImport(Library, EntryPoint = "secp256k1_ec_seckey_tweak_mul")]
    public static partial int SeckeyTweakMul(IntPtr ctx, byte* seckey, byte* tweak32);

    [LibraryImport(Library, EntryPoint = "secp256k1_ecdsa_sign")]
    public static partial int EcdsaSign(IntPtr ctx, byte* sig, byte* msg32, byte* seckey, IntPtr nonceFp, void* nonceData);

    [LibraryImport(Library, EntryPoint = "secp256k1_ecdsa_verify")]
    public static partial int EcdsaVerify(IntPtr ctx, byte* sig, byte* msg32, byte* pubkey);

    [LibraryImport(Library, EntryPoint = "secp256k1_ecdsa_signature_normalize")]
    public static partial int SignatureNormalize(IntPtr ctx, byte* sigOut, byte* sigIn);

    [LibraryImport(Library, EntryPoint = "secp256k1_ecdsa_signature_parse_der")]
    public static partial int SignatureParseDer(IntPtr ctx, byte* sig, byte* input, nuint inputLen);

    [LibraryImport(Library, EntryPoint = "secp256k1_ecdsa_signature_parse_compact")]
    public static partial int SignatureParseCompact(IntPtr ctx, byte* sig, byte* input64);

    [LibraryImport(Library, EntryPoint = "secp256k1_ecdsa_signature_serialize_der")]
    public static partial int SignatureSerializeDer(IntPtr ctx, byte* output, nuint* outputLen, byte* sig);

    [LibraryImport(Library, EntryPoint = "secp256k1_ecdsa_signature_serialize_compact")]
    public static partial int SignatureSerializeCompact(IntPtr ctx, byte* output64, byte* sig);

    [LibraryImport(Library, EntryPoint = "secp256k1_ecdsa_sign_recoverable")]
    public static partial int EcdsaSignRecoverable(IntPtr ctx, byte* sig, byte* msg32, byte* seckey, IntPtr nonceFp, void* nonceData);

    [LibraryImport(Library, EntryPoint = "secp256k1_ecdsa_recoverable_signature_parse_compact")]
    public static partial int RecoverableParseCompact(IntPtr ctx, byte* sig, byte* input64, int recid);

    [LibraryImport(Library, EntryPoint = "secp256k1_ecdsa_recoverable_signature_serialize_compact")]
    public static partial int RecoverableSerializeCompact(IntPtr ctx, byte* output64, int* recid, byte* sig);

    [LibraryImport(Library, EntryPoint = "secp256k1_ecdsa_recoverable_signature_convert")]
    public static partial int RecoverableConvert(IntPtr ctx, byte* sig, byte* recoverable);

    [LibraryImport(Library, EntryPoint = "secp256k1_ecdsa_recover")]
    public static partial int EcdsaRecover(IntPtr ctx, byte* pubkey, byte* sig, byte* msg32);

    [LibraryImport(Library, EntryPoint = "secp256k1_ecdh")]
    public static partial int Ecdh(IntPtr ctx, byte* output32, byte* pubkey, byte* seckey, IntPtr hashFp, void* data);
}
