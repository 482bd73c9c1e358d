export const id = 672;
export const ids = [672];
export const modules = {

/***/ 80672:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   keylessSigning: () => (/* binding */ keylessSigning),
/* harmony export */   signStatement: () => (/* binding */ signStatement)
/* harmony export */ });
/* harmony import */ var _sigstore_bundle__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(61040);
/* harmony import */ var _sigstore_sign__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(15179);
/* harmony import */ var _statement_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(60284);
// Signing the QA statement (issue 15) with a key (key-signer.ts) or keyless (the job's OIDC token →
// a Fulcio certificate, witnessed by Rekor and/or a timestamp authority). Apart from attestation.ts
// so that what only verifies (promote) does not bundle @sigstore/sign and its HTTP stack, and loaded
// by signing.ts only when a record is signed, so that a run does not evaluate it at start.



/**
 * Keyless: the job's OIDC token (ACTIONS_ID_TOKEN_REQUEST_URL/_TOKEN, `id-token: write`) buys a
 * short-lived Fulcio certificate naming the workflow; Rekor (public good) and/or a timestamp
 * authority (GitHub's instance) witness the signature.
 */
function keylessSigning(urls) {
    const fetch = { timeout: 10_000, retry: 2 };
    return {
        signer: new _sigstore_sign__WEBPACK_IMPORTED_MODULE_1__/* .FulcioSigner */ .$o({
            fulcioBaseURL: urls.fulcio,
            identityProvider: new _sigstore_sign__WEBPACK_IMPORTED_MODULE_1__/* .CIContextProvider */ .Zk('sigstore'),
            ...fetch,
        }),
        witnesses: [
            ...(urls.rekor
                ? [new _sigstore_sign__WEBPACK_IMPORTED_MODULE_1__/* .RekorWitness */ .fU({ rekorBaseURL: urls.rekor, fetchOnConflict: true, ...fetch })]
                : []),
            ...(urls.tsa ? [new _sigstore_sign__WEBPACK_IMPORTED_MODULE_1__/* .TSAWitness */ .gs({ tsaBaseURL: urls.tsa, ...fetch })] : []),
        ],
    };
}
/** Signs the statement; the Sigstore bundle as JSON bytes (the OCI layer). */
async function signStatement(statement, signer, witnesses = []) {
    const bundle = await new _sigstore_sign__WEBPACK_IMPORTED_MODULE_1__/* .DSSEBundleBuilder */ .VV({ signer, witnesses }).create({
        data: Buffer.from(JSON.stringify(statement)),
        type: _statement_js__WEBPACK_IMPORTED_MODULE_2__/* .INTOTO_PAYLOAD_TYPE */ .w9,
    });
    return Buffer.from(JSON.stringify((0,_sigstore_bundle__WEBPACK_IMPORTED_MODULE_0__.bundleToJSON)(bundle)));
}


/***/ })

};
